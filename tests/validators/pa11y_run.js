// pa11y (HTML_CodeSniffer, WCAG 2.1 AA) over the pages given on stdin as JSON
// {"chromium": path, "pages": [{"name", "url", "cookies": {name: value}}], "ignore": [codes]}; prints
// {"name": [issues]} as JSON. One Debian Chromium for all pages, a few at a time, each in a tab with its cookies
// (the session and the language), so that what the page fetches itself is fetched as that user too. Each tab has
// a browser context of its own: tabs of one context share one cookie jar, and a tab of another role running at the
// same time would otherwise swap the session under a page's own fetches.
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const browser = await puppeteer.launch({
    executablePath: input.chromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    headless: true,
  });
  const results = {};
  const queue = input.pages.slice();
  async function worker() {
    for (let page = queue.shift(); page; page = queue.shift()) {
      const context = await browser.createBrowserContext();
      const tab = await context.newPage();
      await tab.setCookie(...Object.entries(page.cookies).map(([name, value]) => ({ name, value, url: page.url })));
      const result = await pa11y(page.url, {
        browser,
        page: tab,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: false,
        includeNotices: false,
        ignore: input.ignore,
        timeout: 60000,
      });
      await context.close();
      results[page.name] = result.issues.map((i) => ({ code: i.code, message: i.message, selector: i.selector }));
    }
  }
  try {
    await Promise.all([worker(), worker(), worker()]);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => { console.error(error); process.exit(1); });
