/**
 * A test's fixed port, shifted by HERALD_TEST_PORT_OFFSET, so that two test
 * runs on one machine (two work trees, say) never fight over a port.
 */
export function testPort(port: number): number {
  const offset = Number(process.env.HERALD_TEST_PORT_OFFSET ?? 0);
  // Above 32767 a port may collide with the kernel's ephemeral range, which outgoing connections use.
  if (!Number.isInteger(offset) || port + offset > 32_767 || port + offset < 1024) throw new RangeError(`HERALD_TEST_PORT_OFFSET=${process.env.HERALD_TEST_PORT_OFFSET} puts port ${port} out of range`);
  return port + offset;
}

/** The four ports of a local stack, from `base` (site, S3, DynamoDB, SES in that order). */
export function testStackPorts(base: number): { site: number; s3: number; dynamodb: number; ses: number } {
  return { site: testPort(base), s3: testPort(base + 1), dynamodb: testPort(base + 2), ses: testPort(base + 3) };
}
