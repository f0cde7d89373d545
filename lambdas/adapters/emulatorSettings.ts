/**
 * Client settings for a local emulator at `endpoint`: emulators accept any
 * signature, but the SDK insists on having credentials and a region.
 */
export function emulatorSettings(endpoint: string) {
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } as const;
}
