import { localPortsFromEnvironment, localUrl } from './local/localPorts';

/**
 * Which DynamoDB table an operator's command works on: the one named by flag
 * or environment variable, in AWS; otherwise the local stack's, on its port
 * (HERALD_DYNAMODB_PORT, as `herald dev` reads it).
 */
export function tableTarget(flags: { table?: string; endpoint?: string }, environmentVariable: string, localName: string): { table: string; endpoint?: string } {
  const table = flags.table ?? process.env[environmentVariable];
  const endpoint = flags.endpoint ?? (table ? undefined : localUrl(localPortsFromEnvironment().dynamodb));
  return { table: table ?? localName, ...(endpoint && { endpoint }) };
}
