import { z } from 'zod';
import { checkUscc } from '@park/billing';
import { requestInput } from '@park/platform';
import { id, text } from './common.schemas';

const taxpayerId = z
  .string()
  .superRefine((value, ctx) => {
    const r = checkUscc(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `not a 统一社会信用代码: ${r.reason}` });
  })
  .transform((value) => value.trim().toUpperCase())
  .describe('纳税人识别号: the 统一社会信用代码 (18 characters, check character verified)')
  .meta({ example: '91350100M000100Y43' });

/** 开票信息: what an invoice prints of a party (name, taxpayer id, address and phone, bank and account). */
const PartyDetails = z.strictObject({
  name: text(200).meta({ example: '星云智能科技有限公司' }),
  taxpayerId,
  address: text(200).meta({ example: '贵州省贵阳市观山湖区长岭北路 1 号' }),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{4,28}[0-9]$/, 'a phone number: digits, spaces, + ( ) -, 6 to 30 characters')
    .meta({ example: '0851-8888 0000' }),
  bankName: text(100).meta({ example: '中国建设银行贵阳观山湖支行' }),
  bankAccount: z
    .string()
    .regex(/^[0-9][0-9 -]{6,38}[0-9]$/, 'a bank account number: digits, spaces or dashes, 8 to 40 characters')
    .meta({ example: '5205 0110 0000 0000 1234' }),
});

export const ParkParty = requestInput({ params: z.strictObject({ parkId: id }) });
export const RecordParkParty = requestInput({ params: z.strictObject({ parkId: id }), body: PartyDetails });
export const TenantParty = requestInput({ params: z.strictObject({ tenantId: id }) });
export const RecordTenantParty = requestInput({ params: z.strictObject({ tenantId: id }), body: PartyDetails });
