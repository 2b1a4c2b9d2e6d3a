import { Col, Form, Input, Row, Space, Switch, Tag } from 'antd';
import { RESOURCE_CLASSES, type PriceBookTax } from '../../api/tax-views';
import { formatPercent } from '../../format/percent';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

const classLabel = (c: string) => `resourceClass.${c}` as MessageKey;

/** A version's VAT terms as the form holds them: the last version's, or 6 % tax-inclusive (the API's default). */
export function taxFormValues(last: PriceBookTax | undefined) {
  return {
    taxInclusive: last?.taxInclusive ?? true,
    vatRate: last?.vatRate ?? '0.06',
    vatRates: { ...(last?.vatRates ?? {}) } as Record<string, string | undefined>,
  };
}

/** The VAT part of POST …/versions: empty per-class rates are left out; tax codes ride along from the last version. */
export function taxBody(values: ReturnType<typeof taxFormValues>, last: PriceBookTax | undefined): PriceBookTax {
  const vatRates = Object.fromEntries(
    Object.entries(values.vatRates ?? {}).filter((e): e is [string, string] => !!e[1] && e[1].trim() !== ''),
  );
  return {
    taxInclusive: values.taxInclusive,
    vatRate: values.vatRate,
    vatRates,
    ...(last?.taxCodes && Object.keys(last.taxCodes).length > 0 ? { taxCodes: last.taxCodes } : {}),
  };
}

/** The form's VAT fields: prices include VAT or not, the rate of every line, and a rate per resource class. */
export function TaxFields() {
  const { t } = useLocale();
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="taxInclusive" label={t('taxInclusive')} valuePropName="checked">
            <Switch data-testid="version-tax-inclusive" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="vatRate" label={t('vatRateAll')}>
            <Input data-testid="version-vat-rate" placeholder="0.06" />
          </Form.Item>
        </Col>
      </Row>
      <div style={{ marginBottom: 8 }}>{t('vatRatesByClass')}</div>
      <Row gutter={8}>
        {RESOURCE_CLASSES.map((c) => (
          <Col xs={12} md={8} key={c}>
            <Form.Item name={['vatRates', c]} label={t(classLabel(c))}>
              <Input data-testid={`version-vat-rate-${c}`} placeholder="0.09" />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** A version's VAT terms as tags: 含税 / 不含税, the rate, each class's own rate and tax code. */
export function TaxTerms({ terms }: { terms: PriceBookTax }) {
  const { t } = useLocale();
  if (terms.taxInclusive === undefined) return null;
  return (
    <Space wrap size={4} data-testid="version-tax">
      <Tag color={terms.taxInclusive ? 'blue' : 'orange'}>
        {t(terms.taxInclusive ? 'taxInclusive.yes' : 'taxInclusive.no')}
      </Tag>
      <Tag>
        {t('vatRate')} {formatPercent(terms.vatRate)}
      </Tag>
      {Object.entries(terms.vatRates ?? {}).map(([c, rate]) => (
        <Tag key={c}>
          {t(classLabel(c))} {formatPercent(rate)}
        </Tag>
      ))}
      {Object.entries(terms.taxCodes ?? {}).map(([c, code]) => (
        <Tag key={`code-${c}`} title={t('taxCodes')}>
          {t(classLabel(c))} {code}
        </Tag>
      ))}
    </Space>
  );
}
