import { Body, Controller, Get, Param, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParkService, type ParkInput } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { ErrorDoc, ParkDoc } from '../dto/billing.dto';

@ApiTags('parks')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/parks')
export class ParksController {
  constructor(private readonly parks: ParkService) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Registered parks (园区); tenants and period closes name one of them' })
  list() {
    return this.parks.list();
  }

  @Post()
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a park' })
  @ApiBody({ type: ParkDoc })
  create(@Body() body: ParkInput, @CurrentPrincipal() me: Principal) {
    return this.parks.create(body, actorOf(me));
  }

  @Get(':parkId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One park' })
  get(@Param('parkId') parkId: string) {
    return this.parks.get(parkId);
  }
}
