import type { InvoicingParty, StatementDocument } from './statement-export.types';

/** A party as a titled block of label/value rows, in the order a VAT invoice prints them. */
export interface PartyBlock {
  readonly title: string;
  readonly rows: readonly [string, string][];
}

/** A party's rows in the order a VAT invoice prints them: 名称, 纳税人识别号, 地址、电话, 开户行及账号. */
export function partyRows(p: InvoicingParty): [string, string][] {
  return [
    ['名称 Name', p.name],
    ['纳税人识别号 Taxpayer ID', p.taxpayerId],
    ['地址、电话 Address & phone', `${p.address} ${p.phone}`],
    ['开户行及账号 Bank & account', `${p.bankName} ${p.bankAccount}`],
  ];
}

/** The seller's and the buyer's blocks, for those recorded when the statement was issued. */
export function partyBlocks(doc: StatementDocument): PartyBlock[] {
  const blocks: PartyBlock[] = [];
  if (doc.seller) blocks.push({ title: '销售方 Seller', rows: partyRows(doc.seller) });
  if (doc.buyer) blocks.push({ title: '购买方 Buyer', rows: partyRows(doc.buyer) });
  return blocks;
}

/** The blocks as flat rows (title row, then its rows) for CSV and spreadsheet headers. */
export function partyTableRows(doc: StatementDocument): string[][] {
  return partyBlocks(doc).flatMap((b) => [[b.title], ...b.rows.map(([k, v]) => [k, v])]);
}
