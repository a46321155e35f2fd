import { test, expect } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';
import { overflowing, sampleScreens, settle } from './screens';

// Every screen of the sample workspace at a laptop and a desktop size, for people to look at
// (DCB_SCREENSHOTS=<folder>). The assertion is a layout rule of issue 17: nothing runs past its box.

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`every sample screen at ${size.width}×${size.height}: nothing overflows`, async ({ page, app }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    await createDemoWorkspace(app.backend);
    const problems: string[] = [];
    for (const [name, path] of await sampleScreens(app.backend)) {
      await app.open(path);
      await settle(page);
      if (process.env.DCB_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.DCB_SCREENSHOTS}/${name}-${size.width}x${size.height}.png` });
      for (const o of await overflowing(page)) problems.push(`${name}: ${o}`);
    }
    expect(problems).toEqual([]);
  });
}
