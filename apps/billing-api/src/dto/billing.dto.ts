import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI shapes of the billing API. They describe the JSON; validation is the billing services'. Every amount,
// price and quantity is an exact decimal string, never a JSON number.

export class ErrorDoc {
  @ApiProperty({ example: 'INVALID_INPUT' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } }) issues?: { path: string; message: string }[];
}

export class SkuDoc {
  @ApiProperty({ example: 'NVIDIA H100 80GB' }) name!: string;
  @ApiProperty({ enum: ['ai', 'general', 'hpc', 'render', 'storage', 'network'] }) resourceClass!: string;
  @ApiPropertyOptional({ example: 'nvidia-hopper', nullable: true }) chipFamily?: string | null;
  @ApiPropertyOptional({ example: false }) domesticChip?: boolean;
  @ApiProperty({ example: 'gpu_second' }) baseUnit!: string;
  @ApiProperty({ example: 'gpu_hour' }) billingUnit!: string;
  @ApiProperty({ example: '3600' }) unitsPerBillingUnit!: string;
}

export class PriceModelDoc {
  @ApiProperty({ enum: ['per_unit', 'tiered', 'volume'] }) kind!: string;
  @ApiPropertyOptional({ example: '15.80', description: 'per_unit: CNY per billing unit, ≤ 6 decimals' }) unitPrice?: string;
  @ApiPropertyOptional({ example: [{ upTo: '1000', unitPrice: '16.00' }, { upTo: null, unitPrice: '14.50' }] }) tiers?: { upTo: string | null; unitPrice: string }[];
}

export class PriceVersionDoc {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'On a whole UTC hour' }) effectiveFrom!: string;
  @ApiPropertyOptional({ example: 'HALF_UP_FEN' }) rounding?: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/PriceModelDoc' } }) prices!: Record<string, PriceModelDoc>;
}

export class PriceBookDoc {
  @ApiProperty({ example: 'park-2026' }) id!: string;
  @ApiProperty({ example: '园区标准价 2026' }) name!: string;
  @ApiPropertyOptional() isDefault?: boolean;
  @ApiPropertyOptional({ type: [PriceVersionDoc] }) versions?: PriceVersionDoc[];
}

export class TenantDoc {
  @ApiProperty({ example: 'xingyun-ai' }) id!: string;
  @ApiProperty({ example: '星云智能科技有限公司' }) name!: string;
  @ApiPropertyOptional({ example: '91350100M000100Y43', description: '统一社会信用代码, GB 32100-2015 check character verified' }) unifiedSocialCreditCode?: string;
  @ApiPropertyOptional({ example: '52' }) provinceCode?: string;
  @ApiPropertyOptional({ example: ['startup'] }) flags?: string[];
  @ApiPropertyOptional({ example: 'main' }) parkId?: string;
  @ApiPropertyOptional({ nullable: true }) priceBookId?: string | null;
}

export class ContractDoc {
  @ApiProperty({ example: 'c-2026-001' }) id!: string;
  @ApiProperty({ example: 'HT-2026-001' }) number!: string;
  @ApiProperty({ example: '2025-12-20' }) signedOn!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00Z' }) effectiveFrom!: string;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', nullable: true }) effectiveTo?: string | null;
  @ApiPropertyOptional({ example: 12 }) termMonths?: number;
  @ApiPropertyOptional({ example: '10', description: 'percent off book prices' }) discountPercent?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/PriceModelDoc' } }) overrides?: Record<string, PriceModelDoc>;
  @ApiPropertyOptional({ example: '50000.00', nullable: true }) committedMonthlySpend?: string | null;
}

export class ParkDoc {
  @ApiProperty({ example: 'gy-bigdata-park' }) id!: string;
  @ApiProperty({ example: '贵阳大数据产业园' }) name!: string;
}

export class BureauDoc {
  @ApiProperty({ example: 'gz-bdb' }) id!: string;
  @ApiProperty({ example: '贵州省大数据发展管理局' }) name!: string;
  @ApiProperty({ enum: ['province', 'city', 'district'] }) level!: string;
  @ApiPropertyOptional({ example: '52' }) regionCode?: string;
}

export class ProgrammeDoc {
  @ApiProperty({ example: 'gz-compute-voucher-2026' }) id!: string;
  @ApiProperty({ example: 'gz-bdb' }) bureauId!: string;
  @ApiProperty({ example: '贵州算力券 2026' }) name!: string;
  @ApiProperty({ description: 'billing-domain ProgrammeSpec without id, bureau, name: ratio, eligibility, caps, pool { yearlyBudget, order: grant_issue_time | pro_rata }, funders, window, rounding, stackingGroup, contractRules { signedOnOrAfter, signedOnOrBefore, maxTermMonths }…', example: { ratio: '0.3', eligibility: { resourceClasses: ['ai'] }, caps: { perTenantPerYear: '2000000.00' }, pool: { yearlyBudget: '50000000.00' } } })
  rules!: Record<string, unknown>;
}

export class StackingGroupDoc {
  @ApiProperty({ example: '1', description: 'combined ceiling as a share of the line amount' }) ceiling!: string;
}

export class GrantDoc {
  @ApiProperty({ example: 'g-xingyun-2026' }) id!: string;
  @ApiProperty({ example: 'gz-compute-voucher-2026' }) programmeId!: string;
  @ApiProperty({ example: '300000.00' }) faceValue!: string;
  @ApiProperty({ example: '2026-01-01' }) validFrom!: string;
  @ApiProperty({ example: '2026-12-31' }) validTo!: string;
  @ApiPropertyOptional({ nullable: true }) contractId?: string | null;
}

export class GrantStatusDoc {
  @ApiPropertyOptional({ example: 'bureau review pending' }) reason?: string;
}

export class ClawbackDoc {
  @ApiProperty({ example: 'g-2026-001', description: 'the grant obtained by fraud (of this programme)' }) grantId!: string;
  @ApiProperty({ example: '虚构算力使用合同骗取算力券 / fabricated usage contract', description: "the bureau's finding; shown on the tenant's statement" }) reason!: string;
  @ApiPropertyOptional({ example: '数据局〔2026〕12号', description: "the bureau's case or decision number" }) reference?: string;
}

export class ClosePeriodDoc {
  @ApiPropertyOptional({ example: 'main', description: 'park whose tenants are closed (default main)' }) parkId?: string;
}

export class PaymentDoc {
  @ApiProperty({ example: 'BANK-20261105-0042' }) paymentReference!: string;
  @ApiProperty({ example: '52001234' }) invoiceNumber!: string;
}
