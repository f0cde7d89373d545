import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorSettings } from '../../lambdas/adapters/emulatorSettings';
import { localUrl } from '../../cli/local/localPorts';
import { freshNames, startHarness, type Harness } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(60_000);

const PORT = testPort(13_750);

describe('the local S3 replaces an object at once, as S3 does', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(PORT);
  });
  afterAll(async () => harness.stop());

  it('gives a read that overlaps a write of the same key the whole old or the whole new body, never a cut one', async () => {
    // Prepare: bodies large enough that s3rver takes several writes to store one; reads that give up after 10 s
    // (s3rver rewrote its file in place, so a read announced the old length, sent fewer bytes and never ended)
    const size = 4 * 1024 * 1024;
    const bodies = ['a', 'b'].map((c) => Buffer.alloc(size, c));
    const bucket = (await freshNames(harness)).content;
    await harness.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: bodies[0] }));
    const reader = new S3Client({ ...emulatorSettings(localUrl(PORT)), forcePathStyle: true, requestHandler: { requestTimeout: 10_000 } });

    // Act: writes of the two bodies in turn, with reads of the same key among them
    const writes = Array.from({ length: 12 }, (_, i) => harness.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: bodies[i % 2] })));
    const reads = Array.from({ length: 24 }, async () => {
      const object = await reader.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
      return Buffer.from(await object.Body!.transformToByteArray());
    });
    const [read] = await Promise.all([Promise.all(reads), Promise.all(writes)]);

    // Assess
    for (const body of read) expect(body.equals(bodies[0]!) || body.equals(bodies[1]!)).toBe(true);
  });
});
