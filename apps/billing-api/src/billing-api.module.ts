import { Module } from '@nestjs/common';

/** Catalogue, vouchers, statements and claims over REST. Filled by the billing work. */
@Module({})
export class BillingApiModule {}
