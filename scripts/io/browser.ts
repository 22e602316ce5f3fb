/**
 * Chromium for the site's browser tests and benchmark: the system's browser (the Debian
 * `chromium` package, or CHROMIUM_PATH), driven by playwright-core — whose own browser
 * download cannot work offline. Launched quiet: no network of its own (updates, sync, QUIC),
 * no sandbox (containers and CI runners as root), a fresh profile each time.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser to drive, or undefined when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const wanted = env.CHROMIUM_PATH;
  if (wanted) return existsSync(wanted) ? wanted : undefined;
  return CANDIDATES.find((file) => existsSync(file));
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless Chromium; Playwright gives it a fresh profile (--user-data-dir) of its own, removed on close. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  // Not a static import: the toolchain's bundle must not pull the driver in for other commands.
  const module = 'playwright-core';
  const { chromium } = (await import(module)) as typeof import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}
