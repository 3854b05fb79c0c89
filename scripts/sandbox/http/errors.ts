/** An error a sandbox route throws to answer with a given status and JSON body. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown, message?: string) {
    super(message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Jira (platform and agile) error body: `{"errorMessages":[...],"errors":{}}`. */
export function jiraError(status: number, ...messages: string[]): HttpError {
  return new HttpError(status, { errorMessages: messages, errors: {} }, messages.join('; '));
}

/** Jira error body for one bad field, the way Jira reports field validation errors. */
export function jiraFieldError(status: number, field: string, message: string): HttpError {
  return new HttpError(status, { errorMessages: [], errors: { [field]: message } }, `${field}: ${message}`);
}
