import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { DevSignInController } from './dev-sign-in.controller';

/** The web console's static files, its /console/config.json, and the development sign-in (404 in production). */
@Module({ controllers: [ConsoleController, DevSignInController] })
export class ConsoleWebModule {}
