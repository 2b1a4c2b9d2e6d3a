import { Form, Select, Typography } from 'antd';
import { INVOICING_MODES } from '../../api/tax-views';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

/**
 * The programme rule `invoicing`: who is invoiced for the voucher-paid share. Each mode is explained in one line;
 * a cleared choice leaves the key out (the API's default, tenant_full).
 */
export function InvoicingField() {
  const { t } = useLocale();
  const form = Form.useFormInstance();
  const chosen = Form.useWatch(['rules', 'invoicing'], form) as string | undefined;
  return (
    <Form.Item
      name={['rules', 'invoicing']}
      label={t('invoicing')}
      extra={t(`invoicingHelp.${chosen ?? 'tenant_full'}` as MessageKey)}
    >
      <Select
        data-testid="rules-invoicing"
        allowClear
        placeholder={t('invoicingDefault')}
        optionLabelProp="label"
        options={INVOICING_MODES.map((mode) => ({
          value: mode,
          label: t(`invoicing.${mode}` as MessageKey),
          help: t(`invoicingHelp.${mode}` as MessageKey),
        }))}
        optionRender={(option) => (
          <div>
            <div>{option.data.label}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {option.data.help}
            </Typography.Text>
          </div>
        )}
      />
    </Form.Item>
  );
}
