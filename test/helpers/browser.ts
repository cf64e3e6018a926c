// Real headless Chromium for end-to-end tests: launch it, open pages at a viewport, and keep their errors.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh Chromium; each context it opens gets its own throw-away profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenPageOptions {
  width?: number;
  height?: number;
}

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions and console.error messages, in order. A passing test expects none. */
  errors: string[];
  close(): Promise<void>;
}

/** Opens url in a new context (no shared cookies or storage) at the viewport, 1920×1080 unless told. */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1920, height: options.height ?? 1080 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A failed resource logs only its status: the location names the URL, so a failure says what it was.
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}
