import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { StoreError } from './errors';

/** Reads a secret string (the token key, generated at deploy time) once, at cold start. */
export async function readSecret(client: SecretsManagerClient, secretId: string): Promise<string> {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString) throw new Error('the secret has no string value');
    return SecretString;
  } catch (error) {
    throw new StoreError('GetSecretValue', secretId, { cause: error });
  }
}
