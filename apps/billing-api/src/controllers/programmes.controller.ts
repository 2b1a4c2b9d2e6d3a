import { Body, Controller, Get, Param, Post, Put, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgrammeService, type ProgrammeRules } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { BureauDoc, ErrorDoc, ProgrammeDoc, StackingGroupDoc } from '../dto/billing.dto';
import { actorOf } from '@park/audit-store';

@ApiTags('programmes')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammeService) {}

  @Get('bureaus')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Bureaus issuing vouchers (大数据局)' })
  bureaus() {
    return this.programmes.listBureaus();
  }

  @Post('bureaus')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a bureau' })
  @ApiBody({ type: BureauDoc })
  createBureau(@Body() body: { id: string; name: string; level: string; regionCode?: string }, @CurrentPrincipal() me: Principal) {
    return this.programmes.createBureau(body, actorOf(me));
  }

  @Get('programmes')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Voucher programmes and training subsidies' })
  list() {
    return this.programmes.list();
  }

  @Post('programmes')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a programme; rules are validated by billing-domain, every problem reported' })
  @ApiBody({ type: ProgrammeDoc })
  create(@Body() body: { id: string; bureauId: string; name: string; rules: ProgrammeRules }, @CurrentPrincipal() me: Principal) {
    return this.programmes.create(body, actorOf(me));
  }

  @Get('programmes/:id')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' })
  @ApiOperation({ summary: 'One programme' })
  get(@Param('id') id: string) {
    return this.programmes.get(id);
  }

  @Get('stacking-groups')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Stacking groups (programmes that stack up to a ceiling)' })
  groups() {
    return this.programmes.listStackingGroups();
  }

  @Put('stacking-groups/:id')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create or update a stacking group' })
  @ApiBody({ type: StackingGroupDoc })
  putGroup(@Param('id') id: string, @Body() body: { ceiling: string }, @CurrentPrincipal() me: Principal) {
    return this.programmes.upsertStackingGroup({ id, ceiling: body?.ceiling }, actorOf(me));
  }
}
