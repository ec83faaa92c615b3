/**
 * The architecture rules must be able to fail: a layer importing upward, or a .std.ts file
 * reaching for Electron, Node or the DOM, is refused by `npm run lint`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function cruise(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-depcruise-'));
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.depcruise.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const folders = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
    return execFileSync(join(ROOT, 'node_modules', '.bin', 'depcruise'), folders, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`;
  }
}

describe('dependency direction', () => {
  it('refuses a lower server layer importing a higher one, and allows the other way', () => {
    const output = cruise({
      'server/store/repo.ts': "import { api } from '../api/api.js';\nexport const repo = api;\n",
      'server/api/api.ts': 'export const api = 1;\n',
      'server/calls/call.ts': "import { leg } from '../sip/dialog/leg.js';\nexport const call = leg;\n",
      'server/sip/dialog/leg.ts': 'export const leg = 1;\n',
    });
    expect(output).toContain('server-store-direction: server/store/repo.ts → server/api/api.ts');
    expect(output).not.toContain('server/calls/call.ts');
  });

  it('keeps the SIP layers in order: a transaction may not import a dialog', () => {
    const output = cruise({
      'server/sip/transaction/t.ts': "import { d } from '../dialog/d.js';\nexport const t = d;\n",
      'server/sip/dialog/d.ts': 'export const d = 1;\n',
    });
    expect(output).toContain('sip-transaction-is-lower');
  });

  it('refuses a .std.ts file importing a .main.ts file', () => {
    const output = cruise({
      'electron/shared.std.ts': "import { main } from './window.main.js';\nexport const s = main;\n",
      'electron/window.main.ts': 'export const main = 1;\n',
    });
    expect(output).toContain('std-imports-only-std');
  });
});

describe('Electron file-suffix rules (ESLint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const messages = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath: join(ROOT, filePath) }))[0]!.messages.map(
      (message) => message.ruleId,
    );

  it('refuses Electron, Node built-ins and DOM globals in a .std.ts file', async () => {
    expect(
      await messages("import { app } from 'electron';\nexport const a = app;\n", 'electron/x.std.ts'),
    ).toContain('no-restricted-imports');
    expect(
      await messages(
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
        'electron/x.std.ts',
      ),
    ).toContain('no-restricted-imports');
    expect(await messages('export const title = document.title;\n', 'electron/x.std.ts')).toContain(
      'no-restricted-globals',
    );
  });

  it('allows the same imports in a .main.ts file', async () => {
    expect(
      await messages("import { app } from 'electron';\nexport const a = app;\n", 'electron/x.main.ts'),
    ).toEqual([]);
  });
});
