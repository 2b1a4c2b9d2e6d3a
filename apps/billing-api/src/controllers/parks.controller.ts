import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParkService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { NO_INPUT, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { CreatePark, ParkById } from '../requests/parks.requests';

@ApiTags('parks')
@BillingApi()
@Controller('v1/parks')
export class ParksController {
  constructor(private readonly parks: ParkService) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Registered parks (园区); tenants and period closes name one of them' })
  list(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    return this.parks.list();
  }

  @Post()
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a park' })
  create(@ValidInput(CreatePark) { body }: RequestInput<typeof CreatePark>, @CurrentPrincipal() me: Principal) {
    return this.parks.create(body, actorOf(me));
  }

  @Get(':parkId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One park' })
  get(@ValidInput(ParkById) { params }: RequestInput<typeof ParkById>) {
    return this.parks.get(params.parkId);
  }
}
