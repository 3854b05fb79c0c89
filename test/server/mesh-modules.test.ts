import { describe, expect, it } from 'vitest';
import { loadMeshModule } from '../../server/mesh-modules.ts';

const root = '/srv/gateway';

describe('loadMeshModule', () => {
  it('finds our transforms however Mesh spells their path', async () => {
    const relative = await loadMeshModule(root, './transforms/namespace.ts');
    const absolute = await loadMeshModule(root, '/srv/gateway/transforms/namespace.ts');
    expect(relative).toBe(absolute);
    expect(typeof (relative as { default: unknown }).default).toBe('function');
  });

  it('answers a spelling it does not know with the error Mesh takes as "try the next one"', async () => {
    await expect(loadMeshModule(root, '@graphql-mesh/localforage')).rejects.toThrow("Cannot find module '@graphql-mesh/localforage'");
    await expect(loadMeshModule(root, 'transforms-namespace-ts')).rejects.toThrow("Cannot find module 'transforms-namespace-ts'");
  });

  it('names the list to extend when .meshrc.yaml points at a project file it does not carry', async () => {
    await expect(loadMeshModule(root, './transforms/new-transform.ts')).rejects.toThrow(/transforms\/new-transform\.ts.*server\/mesh-modules\.ts/);
  });

  it('never loads a file outside the project, whatever the path says', async () => {
    await expect(loadMeshModule(root, '../outside/transforms/namespace.ts')).rejects.toThrow(/Cannot find module/);
    await expect(loadMeshModule(root, './transforms/../../etc/evil.ts')).rejects.toThrow(/Cannot find module/);
  });
});
