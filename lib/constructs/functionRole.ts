import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * A Lambda execution role that may write only to the function's own log
 * group, instead of the AWS managed AWSLambdaBasicExecutionRole (any log group).
 */
export function functionRole(scope: Construct, id: string, logGroup: ILogGroup): Role {
  const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return role;
}
