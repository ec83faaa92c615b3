import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appId, productName } from '../electron/app-identity.std.js';

const projectRoot = resolve(import.meta.dirname, '..');

interface BuilderConfig {
  appId: string;
  productName: string;
  extraMetadata: { main: string; desktopName: string };
  files: string[];
  protocols: Array<{ name: string; schemes: string[] }>;
  publish: Array<{ provider: string; url: string }>;
  electronFuses: Record<string, boolean>;
  nsis: { include: string; oneClick: boolean; perMachine: boolean };
  msi: { perMachine: boolean; upgradeCode: string };
  mac: {
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    extendInfo: Record<string, string>;
  };
  linux: {
    executableName: string;
    category: string;
    desktop: { entry: Record<string, string> };
    target: string[];
  };
}

/** electron-builder's own schema check, reached through electron-builder so that hoisting does not matter. */
async function validateWithElectronBuilder(config: unknown): Promise<void> {
  const fromElectronBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const fromAppBuilderLib = createRequire(fromElectronBuilder.resolve('app-builder-lib'));
  const { validateConfiguration } = fromElectronBuilder('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = fromAppBuilderLib('builder-util') as {
    DebugLogger: new (enabled: boolean) => unknown;
  };
  await validateConfiguration(config, new DebugLogger(false));
}

function desktopEntry(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('build/electron-builder.yml', () => {
  let config: BuilderConfig;

  beforeAll(async () => {
    config = parse(await readFile(join(projectRoot, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;
  });

  it("passes electron-builder's own schema", async () => {
    await expect(validateWithElectronBuilder(config)).resolves.toBeUndefined();
  });

  it('names the app as the main process does and starts the built ESM entry', () => {
    expect(config.appId).toBe(appId);
    expect(config.productName).toBe(productName);
    expect(config.extraMetadata.main).toBe('dist/electron/main.js');
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']),
    );
  });

  it('refers only to files that exist', () => {
    for (const path of [config.nsis.include, config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(existsSync(join(projectRoot, path)), path).toBe(true);
    }
  });

  it('lets IT install for every user, silently', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.msi.perMachine).toBe(true);
    expect(config.msi.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('closes the Electron back doors with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('publishes updates to an https feed', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
    expect(config.publish[0]?.url).toMatch(/^https:\/\//);
  });

  it('asks macOS for the microphone with a sentence the agent understands', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(config.mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/);
  });

  it('registers tel:, sip: and callto: on every platform', async () => {
    const schemes = config.protocols.flatMap((protocol) => protocol.schemes).sort();
    expect(schemes).toEqual(['callto', 'sip', 'tel']);
    const nsis = await readFile(join(projectRoot, config.nsis.include), 'utf8');
    for (const scheme of schemes) {
      expect(nsis).toMatch(new RegExp(`URLAssociations" "${scheme}" "Tandem\\.Link"`));
    }
  });

  it('installs the same desktop entry on Linux as native/linux/tandem.desktop', async () => {
    const entry = desktopEntry(await readFile(join(projectRoot, 'native/linux/tandem.desktop'), 'utf8'));
    const schemes = config.protocols.flatMap((protocol) => protocol.schemes);
    expect(entry.get('MimeType')).toBe(`${schemes.map((scheme) => `x-scheme-handler/${scheme}`).join(';')};`);
    expect(entry.get('Categories')).toBe(`${config.linux.category};`);
    // electron-builder installs to /opt/<productName>/<executableName> and passes links with %U.
    expect(entry.get('Exec')).toBe(`/opt/${config.productName}/${config.linux.executableName} %U`);
    expect(entry.get('StartupWMClass')).toBe(config.extraMetadata.desktopName.replace(/\.desktop$/, ''));
    for (const [key, value] of Object.entries(config.linux.desktop.entry)) {
      expect(entry.get(key), key).toBe(value);
    }
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
  });
});

describe('native/macos/entitlements.mac.plist', () => {
  let granted: string[];

  beforeAll(async () => {
    const plist = await readFile(join(projectRoot, 'native/macos/entitlements.mac.plist'), 'utf8');
    const withoutComments = plist.replace(/<!--[\s\S]*?-->/g, '');
    granted = [...withoutComments.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1] ?? '');
  });

  it('grants the microphone, the camera, network access and V8 its JIT pages', () => {
    expect(granted.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.device.audio-input',
      'com.apple.security.device.camera',
      'com.apple.security.network.client',
    ]);
  });

  it('does not open the wider code-execution holes', () => {
    for (const key of [
      'com.apple.security.cs.allow-unsigned-executable-memory',
      'com.apple.security.cs.disable-library-validation',
      'com.apple.security.cs.allow-dyld-environment-variables',
      'com.apple.security.get-task-allow',
    ]) {
      expect(granted).not.toContain(key);
    }
  });
});
