import { UpdateEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SendSwitch } from '../newsletter/ports';
import { StoreError } from './errors';

/** Enables or disables the send function's SQS event source mapping. */
export class LambdaSendSwitch implements SendSwitch {
  constructor(private readonly lambda: LambdaClient, private readonly mappingId: string) {}

  async setEnabled(enabled: boolean): Promise<void> {
    try {
      await this.lambda.send(new UpdateEventSourceMappingCommand({ UUID: this.mappingId, Enabled: enabled }));
    } catch (error) {
      throw new StoreError('UpdateEventSourceMapping', this.mappingId, { cause: error });
    }
  }
}
