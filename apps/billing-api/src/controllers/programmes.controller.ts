import { Controller, Get, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgrammeService, ProgrammeSpendService, type ProgrammeRules } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { NO_INPUT, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import {
  AddRulesVersion,
  CreateBureau,
  CreateProgramme,
  ProgrammeById,
  ProgrammeSpend,
  PutStackingGroup,
} from '../requests/programmes.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;

@ApiTags('programmes')
@BillingApi()
@Controller('v1')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammeService,
    private readonly spend: ProgrammeSpendService,
  ) {}

  @Get('bureaus')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Bureaus issuing vouchers (大数据局)' })
  bureaus(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    return this.programmes.listBureaus();
  }

  @Post('bureaus')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a bureau' })
  createBureau(
    @ValidInput(CreateBureau) { body }: RequestInput<typeof CreateBureau>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.programmes.createBureau(body, actorOf(me));
  }

  @Get('programmes')
  @Allow(OPERATORS, { roles: ['bureau-auditor'], scope: 'bureau', own: true })
  @ApiOperation({ summary: "Voucher programmes and training subsidies (a bureau auditor: its own bureau's only)" })
  list(@CurrentPrincipal() me: Principal, @ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    // operators see every bureau's; an auditor only ever its own (the rule above is `own: true`)
    return this.programmes.list(me.role === 'bureau-auditor' ? { bureauId: me.bureauId ?? '' } : {});
  }

  @Post('programmes')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a programme; rules are validated by billing-domain, every problem reported' })
  create(
    @ValidInput(CreateProgramme) { body }: RequestInput<typeof CreateProgramme>,
    @CurrentPrincipal() me: Principal,
  ) {
    // the edge checks the rules against billing-domain's schema; buildProgramme checks it again and what values mean
    return this.programmes.create({ ...body, rules: body.rules as ProgrammeRules }, actorOf(me));
  }

  @Get('programmes/:id')
  @Allow(OPERATORS, { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' })
  @ApiOperation({ summary: 'One programme' })
  get(@ValidInput(ProgrammeById) { params }: RequestInput<typeof ProgrammeById>) {
    return this.programmes.get(params.id);
  }

  @Get('programmes/:id/spend')
  @Allow(OPERATORS, { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' })
  @ApiOperation({
    summary:
      'Spend by month (Asia/Shanghai): granted, redeemed (by statement period), claimed and approved (by claim ' +
      "line period), and the usage year's pool left; decimal strings",
  })
  spendOf(@ValidInput(ProgrammeSpend) { params, query }: RequestInput<typeof ProgrammeSpend>) {
    return this.spend.byMonth(params.id, query);
  }

  @Post('programmes/:id/rules-versions')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Change the rules from a month on (a new version); never reaches into an issued period' })
  addRulesVersion(
    @ValidInput(AddRulesVersion) { params, body }: RequestInput<typeof AddRulesVersion>,
    @CurrentPrincipal() me: Principal,
  ) {
    const input = { effectiveFrom: body.effectiveFrom, rules: body.rules as ProgrammeRules };
    return this.programmes.addRulesVersion(params.id, input, actorOf(me));
  }

  @Get('stacking-groups')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Stacking groups (programmes that stack up to a ceiling)' })
  groups(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    return this.programmes.listStackingGroups();
  }

  @Put('stacking-groups/:id')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create or update a stacking group' })
  putGroup(
    @ValidInput(PutStackingGroup) { params, body }: RequestInput<typeof PutStackingGroup>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.programmes.upsertStackingGroup({ id: params.id, ceiling: body.ceiling }, actorOf(me));
  }
}
