import { Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Lets a role send mail from the sender address only, in the configuration
 * set. SES authorises a send against every identity involved: the sender's
 * and, while the account is in the sandbox, the verified recipient's too, so
 * a grant on `identity/<domain>` alone is refused for the test recipients the
 * deploy guide uses. The grant therefore covers `identity/*` and is held to
 * the From address by the `ses:FromAddress` condition instead (SES Developer
 * Guide, "Identity and access management in Amazon SES": restricting the
 * "From" address with ses:FromAddress).
 */
export function grantSesSend(scope: Construct, role: IRole, action: 'ses:SendEmail' | 'ses:SendBulkEmail', senderAddress: string, configurationSetName: string): void {
  const stack = Stack.of(scope);
  role.addToPrincipalPolicy(new PolicyStatement({
    actions: [action],
    resources: [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }),
    ],
    conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
  }));
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      // cdk-nag names the resource as synthesized: literal values, or <AWS::…> for the pseudo parameters of an environment-agnostic stack.
      id: `AwsSolutions-IAM5[Resource::arn:${pseudo(stack.partition, 'Partition')}:ses:${pseudo(stack.region, 'Region')}:${pseudo(stack.account, 'AccountId')}:identity/*]`,
      reason: `In the SES sandbox the recipient's identity is authorised as well as the sender's, so ${action} needs identity/*; the ses:FromAddress condition holds it to ${senderAddress}.`,
    });
  }
}

function pseudo(value: string, name: string): string {
  return Token.isUnresolved(value) ? `<AWS::${name}>` : value;
}
