import { ProCard } from '@ant-design/pro-components';
import { Button, Col, Form, Input, Radio, Row, Select, Space, Switch } from 'antd';
import { api, ok } from '../../api/client';
import type { Programme, Rules } from '../../api/operator-views';
import { useApiSubmit } from '../../components/api-issues';
import { useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import { InvoicingField } from './invoicing-field';
import { ROUNDINGS } from './price-books.page';
import { formValuesOf, rulesVersionBody, switchedRatio, type RulesFormValues } from './rules-form-values';

const RESOURCE_CLASSES = ['ai', 'general', 'hpc', 'render', 'storage', 'network'];
const CADENCES = ['quarterly', 'yearly', 'per_contract'];
const POOL_ORDERS = ['grant_issue_time', 'pro_rata'];
const CAPS = ['minFaceValue', 'maxFaceValue', 'perTenantPerYear', 'perTenantCumulative'] as const;
/** What a claim of the programme must carry before it is submitted (billing-domain's EVIDENCE_ITEMS). */
const EVIDENCE_ITEMS = [
  'contract',
  'invoice',
  'payment_proof',
  'delivery_certificate',
  'non_affiliation_declaration',
  'no_double_subsidy_declaration',
  'cross_programme_check',
];

/**
 * A new version of a programme's rules, edited as a form: ratio (flat or tiers), day proration, rounding, caps,
 * pool, settlement cadence, stacking group, from a month on. The API checks them (zod, then billing-domain); each
 * of its issues is shown under the field it names.
 */
export function ProgrammeRulesForm({
  programme,
  rules,
  onSaved,
}: {
  programme: Programme;
  rules: Rules;
  onSaved(): void;
}) {
  const { t } = useLocale();
  const [form] = Form.useForm<RulesFormValues>();
  const { submit, busy, alert } = useApiSubmit(form, { programme: 'rules' });
  const groups = useLoad(() => ok<{ id: string }[]>(api.GET('/v1/stacking-groups')), []);
  const ratioMode = Form.useWatch('ratioMode', form);
  const poolOn = Form.useWatch('poolOn', form);
  const save = async () => {
    const body = rulesVersionBody(form.getFieldsValue(true) as RulesFormValues);
    const path = { params: { path: { id: programme.id } } };
    if (await submit(() => ok(api.POST('/v1/programmes/{id}/rules-versions', { ...path, body } as never)))) onSaved();
  };
  // a cleared choice leaves the key out of the rules: no cadence, no stacking group
  const choice = (values: string[], label: (v: string) => string) => ({
    allowClear: true,
    placeholder: t('none'),
    options: values.map((v) => ({ value: v, label: label(v) })),
  });

  return (
    <ProCard title={t('rulesVersion')} bordered data-testid="rules-form">
      <Form form={form} layout="vertical" initialValues={formValuesOf(rules)} onFinish={() => void save()}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="effectiveFrom" label={t('rulesEffectiveFrom')}>
              <Input data-testid="rules-effective-from" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ratioMode" label={t('ratio')}>
              <Radio.Group
                onChange={(e) => {
                  const to = e.target.value as 'flat' | 'tiers';
                  form.setFieldValue(['rules', 'ratio'], switchedRatio(form.getFieldValue(['rules', 'ratio']), to));
                }}
                options={[
                  { value: 'flat', label: t('ratioFlat') },
                  { value: 'tiers', label: t('ratioTiers') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {ratioMode !== 'tiers' && (
              <Form.Item name={['rules', 'ratio']} label={t('ratioFlat')}>
                <Input data-testid="rules-ratio" placeholder="0.30" />
              </Form.Item>
            )}
          </Col>
        </Row>
        {ratioMode === 'tiers' && (
          <>
            <Form.List name={['rules', 'ratio', 'tiers']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap data-testid="rules-tier">
                      <Form.Item name={[field.name, 'label']} label={t('tierLabel')}>
                        <Input style={{ width: 220 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'when', 'resourceClasses']} label={t('resourceClasses')}>
                        <Select
                          mode="multiple"
                          style={{ width: 200 }}
                          options={RESOURCE_CLASSES.map((c) => ({ value: c }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'ratio']} label={t('ratio')}>
                        <Input style={{ width: 100 }} />
                      </Form.Item>
                      <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)}>
                        −
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ ratio: '' })} style={{ marginBottom: 16 }}>
                    {t('tierAdd')}
                  </Button>
                </>
              )}
            </Form.List>
            <Form.Item name={['rules', 'ratio', 'fallback']} label={t('tierFallback')}>
              <Input style={{ width: 160 }} />
            </Form.Item>
          </>
        )}
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name={['rules', 'dayProration']} label={t('dayProration')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['rules', 'rounding']} label={t('rounding')}>
              <Select {...choice(ROUNDINGS, (r) => r)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['rules', 'settlementCadence']} label={t('settlementCadence')}>
              <Select {...choice(CADENCES, (c) => t(`cadence.${c}` as MessageKey))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['rules', 'stackingGroup']} label={t('stackingGroup')}>
              <Select
                {...choice(
                  (groups.data ?? []).map((g) => g.id),
                  (g) => g,
                )}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <InvoicingField />
          </Col>
        </Row>
        <Row gutter={16}>
          {CAPS.map((cap) => (
            <Col xs={24} md={6} key={cap}>
              <Form.Item name={['rules', 'caps', cap]} label={`${t('caps')} · ${t(cap)}`}>
                <Input data-testid={`rules-caps-${cap}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name={['rules', 'caps', 'singleUsePerContract']}
              label={t('singleUsePerContract')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="poolOn" label={t('pool')} valuePropName="checked">
              <Switch data-testid="rules-pool-on" />
            </Form.Item>
          </Col>
          {poolOn && (
            <>
              <Col xs={24} md={6}>
                <Form.Item name={['rules', 'pool', 'yearlyBudget']} label={t('yearlyBudget')}>
                  <Input data-testid="rules-pool-budget" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name={['rules', 'pool', 'order']} label={t('poolOrder')}>
                  <Select {...choice(POOL_ORDERS, (o) => t(`poolOrder.${o}` as MessageKey))} />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <Form.Item name={['rules', 'evidenceChecklist']} label={t('evidenceChecklist')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('none')}
            data-testid="rules-evidence-checklist"
            options={EVIDENCE_ITEMS.map((i) => ({ value: i, label: t(`evidence.${i}` as MessageKey) }))}
          />
        </Form.Item>
        {alert}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="rules-save">
          {t('save')}
        </Button>
      </Form>
    </ProCard>
  );
}
