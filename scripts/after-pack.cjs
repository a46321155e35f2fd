// electron-builder `afterPack` hook (see electron-builder.yml). It runs once per platform and arch, after the app
// is copied into the Electron bundle and before anything is signed, so the code signature covers the fuses.
//
// Electron fuses are bits in the Electron binary that switch features off for good. An attacker who can
// start our signed binary with extra environment variables or flags must not be able to turn it into a
// general-purpose Node.js interpreter or attach a debugger to it, and nobody may swap the app code next to
// the signed binary. The hook flips the fuses, reads the wire back and fails the build if anything differs.
//
// It also keeps only the target platform's better-sqlite3 binary, and refuses to build an unsigned release when DCB_REQUIRE_SIGNING=1 (the release workflow sets it for
// tags) and a signing or notarisation variable is missing: electron-builder would otherwise skip signing
// with only a warning. Only variable names are ever printed, never values.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require() */

const fs = require('node:fs');
const path = require('node:path');

// builder-util's Arch enum, by value.
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

/** The fuses for one target platform ('darwin' | 'mas' | 'win32' | 'linux'). */
function fuseSettings(platform) {
  const hasAsarIntegrity = platform === 'darwin' || platform === 'mas' || platform === 'win32';
  return {
    // ELECTRON_RUN_AS_NODE=1 would make the signed binary run any script as plain Node.
    RunAsNode: false,
    // Chromium's cookie store encrypted with the OS keychain (we hold no cookies, but it costs nothing).
    EnableCookieEncryption: true,
    // NODE_OPTIONS (--require, --inspect, …) would inject code into the main process.
    EnableNodeOptionsEnvironmentVariable: false,
    // --inspect / --inspect-brk would open a debugger on the main process. (Playwright needs this fuse on,
    // which is why the Electron smoke suite drives the unpacked development build; see README › Releasing.)
    EnableNodeCliInspectArguments: false,
    // Electron checks app.asar against the header hash electron-builder embeds in Info.plist (macOS) or
    // in the .exe's resources (Windows, Electron 30+). Linux has no ASAR integrity support.
    EnableEmbeddedAsarIntegrityValidation: hasAsarIntegrity,
    // Ignore a loose resources/app folder next to app.asar, so the integrity check cannot be bypassed.
    OnlyLoadAppFromAsar: true,
    // We ship no custom V8 snapshot.
    LoadBrowserProcessSpecificV8Snapshot: false,
    // file:// gets no special powers; the renderer is served from app://renderer.
    GrantFileProtocolExtraPrivileges: false,
    // Electron's default: WebAssembly bounds checks by guard pages. Kept explicit so every fuse is a decision.
    WasmTrapHandlers: true,
  };
}

/** Path @electron/fuses expects: the .app bundle on macOS, the executable elsewhere. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** The folder holding app.asar and app.asar.unpacked. */
function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(appOutDir, 'resources');
}

/**
 * better-sqlite3 ships Node-API binaries for every platform; the installer needs only its own. Deletes the
 * others from app.asar.unpacked (the asar header, and so its integrity hash, is unaffected) and throws when
 * the target's binary is missing, which would otherwise surface as a crash on the user's first launch.
 */
function pruneSqlitePrebuilds(dir, platform, arch) {
  const nodePlatform = platform === 'mas' ? 'darwin' : platform;
  const keep = new Set(
    arch === 'universal' ? [`${nodePlatform}-x64.node`, `${nodePlatform}-arm64.node`] : [`${nodePlatform}-${arch}.node`],
  );
  const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const missing = [...keep].filter((f) => !present.includes(f));
  if (missing.length > 0) {
    throw new Error(`better-sqlite3 has no prebuilt binary for ${platform}-${arch} (${missing.join(', ')} not in ${dir}).`);
  }
  const removed = present.filter((f) => !keep.has(f));
  for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
  return { kept: [...keep], removed };
}

/** Names of the signing variables a release for this platform is missing (empty when complete). */
function missingSigningVariables(platform, env = process.env) {
  const missing = [];
  if (platform === 'darwin') {
    if (!env.CSC_LINK && !env.CSC_NAME) missing.push('CSC_LINK + CSC_KEY_PASSWORD (Developer ID Application certificate)');
    const notarise =
      (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
      (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
      (env.APPLE_KEYCHAIN && env.APPLE_KEYCHAIN_PROFILE);
    if (!notarise) missing.push('APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER (notarisation)');
  }
  if (platform === 'win32' && !env.WIN_CSC_LINK && !env.CSC_LINK) {
    missing.push('WIN_CSC_LINK + WIN_CSC_KEY_PASSWORD (Authenticode certificate)');
  }
  return missing;
}

/** Flips the fuses on `binary`, then reads the wire back; throws if any fuse did not take. */
async function flipAndVerifyFuses(binary, platform, arch) {
  const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options, FuseState } = await import('@electron/fuses');
  const wanted = fuseSettings(platform);
  const config = {
    version: FuseVersion.V1,
    // A future Electron with a fuse we have not decided on fails the build instead of shipping its default.
    strictlyRequireAllFuses: true,
    // Changing the binary breaks the linker's ad-hoc signature that arm64 macOS requires to run at all.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === 'arm64' || arch === 'universal'),
  };
  for (const [name, enabled] of Object.entries(wanted)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the ${name} fuse; update scripts/after-pack.cjs.`);
    config[index] = enabled;
  }
  await flipFuses(binary, config);

  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(wanted)
    .filter(([name, enabled]) => wire[FuseV1Options[name]] !== (enabled ? FuseState.ENABLE : FuseState.DISABLE))
    .map(([name]) => name);
  if (wrong.length > 0) throw new Error(`Electron fuses did not take on ${binary}: ${wrong.join(', ')}`);
  return wanted;
}

async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (process.env.DCB_REQUIRE_SIGNING === '1') {
    const missing = missingSigningVariables(platform);
    if (missing.length > 0) {
      throw new Error(`DCB_REQUIRE_SIGNING=1 but the ${platform} release cannot be signed. Set: ${missing.join('; ')}.`);
    }
  }
  const prebuilds = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds');
  const { kept } = pruneSqlitePrebuilds(prebuilds, platform, arch);
  console.log(`  • better-sqlite3 binaries kept: ${kept.join(', ')}`);
  const binary = electronBinaryPath(context);
  const fuses = await flipAndVerifyFuses(binary, platform, arch);
  const summary = Object.entries(fuses)
    .map(([name, enabled]) => `${name}=${enabled ? 'on' : 'off'}`)
    .join(' ');
  console.log(`  • fuses verified on ${path.basename(binary)} (${platform}-${arch}): ${summary}`);
}

module.exports = {
  afterPack,
  default: afterPack,
  fuseSettings,
  electronBinaryPath,
  resourcesDir,
  pruneSqlitePrebuilds,
  missingSigningVariables,
  flipAndVerifyFuses,
};
