import type { paths } from '../api/schema';

type StatementNotFound =
  paths['/v1/tenants/{tenantId}/statements/{periodId}']['get']['responses'][404]['content']['application/json'];

/** Every error code billing-api answers (the OpenAPI's enum, the same on every route). */
export type ApiErrorCode = StatementNotFound['error']['code'];

/**
 * What each error code means, in Chinese: the console shows it before the API's own message (English, and specific:
 * amounts, ids, fields), so a reader of the Chinese console knows what went wrong and support still sees the detail.
 * Typed by the OpenAPI's enum: a code added to the API without a line here fails the console's typecheck.
 */
export const ZH_ERRORS: Record<ApiErrorCode | 'KEY_NOT_FOUND', string> = {
  INVALID_INPUT: '输入有误',
  INVALID_DECIMAL: '金额或数量格式有误',
  BAD_BODY: '请求内容有误',
  BODY_TOO_LARGE: '请求内容过大',
  INVALID_UTF8: '请求含非法字符编码',
  MALFORMED_JSON: '请求不是合法的 JSON',
  UNAUTHENTICATED: '未登录或登录已过期',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '未找到',
  HTTP_ERROR: '请求失败',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  TENANT_NOT_FOUND: '未找到该租户',
  PRICE_BOOK_NOT_FOUND: '未找到该价目表',
  CONTRACT_NOT_FOUND: '未找到该合同',
  PROGRAMME_NOT_FOUND: '未找到该政策项目',
  BUREAU_NOT_FOUND: '未找到该主管部门',
  GRANT_NOT_FOUND: '未找到该算力券',
  STATEMENT_NOT_FOUND: '未找到该结算单',
  SKU_NOT_FOUND: '未找到该计费项',
  PERIOD_NOT_FOUND: '未找到该账期',
  CLAIM_NOT_FOUND: '未找到该兑付申请',
  CLAIM_DOCUMENT_NOT_FOUND: '未找到该兑付材料',
  PARK_NOT_FOUND: '未找到该园区',
  CLUSTER_NOT_FOUND: '未找到该集群',
  KEY_NOT_FOUND: '未找到该采集密钥',
  BACKFILL_NOT_FOUND: '未找到该补录申请',
  WEBHOOK_NOT_FOUND: '未找到该 Webhook',
  INVOICING_PARTY_NOT_FOUND: '未找到该开票方',
  STATEMENT_LINE_NOT_FOUND: '未找到该结算单明细',
  DISPUTE_NOT_FOUND: '未找到该申诉',
  INVOICE_NOT_FOUND: '未找到该发票',
  PAYMENT_NOT_FOUND: '未找到该收款',
  ALREADY_EXISTS: '已存在',
  PERIOD_CLOSED: '账期已关账',
  PERIOD_NOT_OVER: '账期尚未结束',
  PERIOD_FROZEN: '会影响已出账的账期',
  GRANT_REVOKED: '算力券已作废',
  TENANT_BARRED: '该租户已被禁止申领',
  NOTHING_TO_CLAIM: '没有可申请兑付的金额',
  STATEMENT_ALREADY_CLAIMED: '结算单已在兑付申请中',
  STATEMENT_ALREADY_PAID: '结算单已付清',
  STATEMENT_NOT_ISSUED: '结算单尚未出具',
  STATEMENT_OVERPAYMENT: '收款超过待收余额',
  INVOICE_EXCEEDS_INVOICEABLE: '发票金额超过可开票金额',
  INVOICE_ALREADY_VOIDED: '发票已作废',
  PAYMENT_ALREADY_REVERSED: '收款已冲回',
  INVALID_CLAIM_TRANSITION: '兑付申请当前状态不允许此操作',
  DISPUTE_ALREADY_OPEN: '该明细已有进行中的申诉',
  DISPUTE_NOT_OPEN: '申诉已处理',
  DISPUTE_LINE_CLAIMED: '该明细已在兑付申请中，不能申诉',
  CLAIM_EVIDENCE_INCOMPLETE: '兑付材料不全',
  CLAIM_NOT_DRAFT: '兑付申请已提交，不能再修改材料',
  NOT_HELD: '该账单未被暂扣',
  BACKFILL_NEEDS_SECOND_OPERATOR: '补录须由另一位运营人员批准',
  BILLED_USAGE_MISSING: '用量库缺少已出账的用量',
  GRANT_EXHAUSTED: '算力券余额不足',
  GRANT_NOT_ACTIVE: '算力券不在有效期内',
  PRICE_NOT_FOUND: '缺少价格',
  INVARIANT_VIOLATION: '数据校验未通过',
  QUEUE_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  INTERNAL: '服务内部错误',
};

/**
 * An error as the console shows it: in Chinese, what its code means and then the API's message; in English (or for
 * a code without a line here, or an error that is not the API's), the message as it is.
 */
export function errorText(error: unknown, locale: 'zh-CN' | 'en'): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (locale !== 'zh-CN' || typeof code !== 'string' || !(code in ZH_ERRORS)) return message;
  return `${ZH_ERRORS[code as keyof typeof ZH_ERRORS]}：${message}`;
}
