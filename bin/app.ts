#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HeraldStack } from '../lib/heraldStack';

const app = new App();
new HeraldStack(app, 'Herald');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
