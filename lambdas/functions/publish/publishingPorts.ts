import { dynamoClient } from '../../adapters/dynamoClient';
import { DynamoArticleState } from '../../adapters/dynamoArticleState';
import { S3ContentSource } from '../../adapters/s3ContentSource';
import { s3Client } from '../../adapters/s3Client';
import { S3EntryStore } from '../../adapters/s3EntryStore';
import { S3SiteStore } from '../../adapters/s3SiteStore';
import type { PublishingStores } from './config';

/**
 * The site settings and the stores the publish and rebuild functions share,
 * as the ports both take, so the two always read and write the same places.
 */
export function publishingPorts(config: PublishingStores) {
  const s3 = s3Client(config.endpoints.s3);
  return {
    site: config.site,
    content: new S3ContentSource(s3, config.contentBucket),
    entries: new S3EntryStore(s3, config.entriesBucket),
    output: new S3SiteStore(s3, config.siteBucket, config.contentBucket),
    state: new DynamoArticleState(dynamoClient(config.endpoints.dynamodb), config.table),
  };
}
