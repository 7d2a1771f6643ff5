/**
 * Tests that need an external tool (Java, Spark, the Pub/Sub emulator, terraform) call needTool().
 * Locally a missing tool skips the test with a message naming it; CI sets PIPELINE_REQUIRE_TOOLS=1,
 * which turns every such skip into a failure so nothing silently stops being tested.
 */
import type { TestContext } from 'node:test';

export const REQUIRE_TOOLS = process.env.PIPELINE_REQUIRE_TOOLS === '1';

/** Returns true when the test may go on; otherwise skips it (or throws under PIPELINE_REQUIRE_TOOLS=1). */
export function needTool(t: TestContext, tool: string, available: boolean, hint = ''): boolean {
  if (available) return true;
  const message = `needs ${tool}${hint ? ` (${hint})` : ''}`;
  if (REQUIRE_TOOLS) throw new Error(`${message}; PIPELINE_REQUIRE_TOOLS=1 forbids skipping`);
  t.skip(message);
  return false;
}
