/**
 * The generated trusted-documents manifest (sdk/generated/trusted-documents.json): current with the
 * example operations, loadable by the gateway, and naming exactly what the SDK sends, as text or
 * (sendDocumentIds) as ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { print, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { generateTrustedDocumentsManifest, TRUSTED_DOCUMENTS_PATH } from '../../scripts/sdk/generate.ts';
import { loadTrustedDocuments, useTrustedDocuments, documentIdOf as gatewayDocumentIdOf } from '../../server/plugins/use-trusted-documents.ts';
import { createGatewayClient, documentIdOf } from '../../sdk/client.ts';
import * as generated from '../../sdk/generated/graphql.ts';
import { createTestYoga } from '../server/plugins/helpers.ts';
import { projectRoot } from '../support/gateway-process.ts';

const manifestPath = join(projectRoot, TRUSTED_DOCUMENTS_PATH);
const sdkDocuments = Object.entries(generated).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith('Document'));

describe('generated trusted-documents manifest', () => {
  it('is up to date with the operations (run npm run sdk when this fails)', () => {
    const expected = generateTrustedDocumentsManifest(projectRoot);
    expect(Object.keys(expected)).toEqual([TRUSTED_DOCUMENTS_PATH]);
    expect(readFileSync(manifestPath, 'utf8'), `${TRUSTED_DOCUMENTS_PATH} is stale`).toBe(expected[TRUSTED_DOCUMENTS_PATH]);
  });

  it('loads as the gateway loads GATEWAY_TRUSTED_DOCUMENTS', () => {
    const documents = loadTrustedDocuments(manifestPath);
    expect(documents.byHash.size).toBe(sdkDocuments.length);
  });

  it('registers every SDK document under the id the SDK computes for it', async () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    expect(sdkDocuments.length).toBeGreaterThanOrEqual(8);
    for (const [name, document] of sdkDocuments) {
      const text = print(document);
      const id = await documentIdOf(document);
      expect(id, name).toBe(gatewayDocumentIdOf(text));
      expect(manifest[id.slice('sha256:'.length)], name).toBe(text);
    }
  });
});

describe('SDK against a gateway in trusted-documents mode', () => {
  /** A gateway with the generated manifest that records the document it would execute, then answers without executing. */
  function recordingGateway() {
    const executed: string[] = [];
    const answer: Plugin = {
      onParams({ params, setResult }) {
        executed.push(params.query ?? '');
        setResult({ data: { jiraIssue: null } });
      },
    };
    const yoga = createTestYoga([useTrustedDocuments({ documents: loadTrustedDocuments(manifestPath) }), answer] as Array<Plugin<object>>);
    const bodies: Array<Record<string, unknown>> = [];
    const fetchThroughGateway = (async (input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return yoga.fetch(new Request(String(input), init));
    }) as typeof fetch;
    return { executed, bodies, fetch: fetchThroughGateway };
  }

  it('sends the registered text by default, and the id with sendDocumentIds; both are accepted', async () => {
    const registered = print(generated.JiraIssueDocument);
    for (const sendDocumentIds of [false, true]) {
      const gateway = recordingGateway();
      const sdk = createGatewayClient({ url: 'http://gateway.test/graphql', fetch: gateway.fetch, sendDocumentIds });
      expect(await sdk.JiraIssue({ key: 'DEV-1' })).toEqual({ jiraIssue: null });
      expect(gateway.executed).toEqual([registered]);
      const [body] = gateway.bodies;
      if (sendDocumentIds) {
        expect(body).toEqual({ documentId: gatewayDocumentIdOf(registered), variables: { key: 'DEV-1' } });
      } else {
        expect(body).toEqual({ query: registered, variables: { key: 'DEV-1' } });
      }
    }
  });
});
