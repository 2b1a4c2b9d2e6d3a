import { Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { PriceBook, PriceBookVersion, PriceEntry } from '../../api/operator-views';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';
import { TaxFields, TaxTerms, taxBody, taxFormValues } from './price-book-tax';

export const ROUNDINGS = ['HALF_UP_FEN', 'TRUNCATE_FEN', 'HALF_UP_YUAN', 'TRUNCATE_YUAN'];

/** The first hour (UTC) of next month: a price change takes effect on a whole UTC hour. */
function nextMonthStart(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().replace('.000', '');
}

/** Price books and their versions; a new version (a price change) takes effect at an instant. */
export function PriceBooksPage() {
  const { t, time } = useLocale();
  const books = useLoad(() => ok<PriceBook[]>(api.GET('/v1/price-books')), []);
  const [adding, setAdding] = useState<PriceBook>();
  return (
    <>
      <LoadedTable<PriceBook>
        loaded={books}
        testId="price-books-table"
        rowKey="id"
        expandable={{ expandedRowRender: (b) => <Versions versions={b.versions} /> }}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('name'), dataIndex: 'name' },
          { title: t('isDefault'), dataIndex: 'isDefault', render: (_, b) => b.isDefault && <Tag>✓</Tag> },
          {
            title: t('effectiveFrom'),
            key: 'latest',
            render: (_, b) => time(latest(b)?.effectiveFrom),
          },
          { title: t('taxTerms'), key: 'tax', render: (_, b) => latest(b) && <TaxTerms terms={latest(b)} /> },
          {
            title: '',
            key: 'add',
            render: (_, b) => (
              <Button size="small" onClick={() => setAdding(b)} data-testid={`add-version-${b.id}`}>
                {t('addVersion')}
              </Button>
            ),
          },
        ]}
      />
      {adding && (
        <AddVersion
          book={adding}
          onClose={(saved) => {
            setAdding(undefined);
            if (saved) books.reload();
          }}
        />
      )}
    </>
  );
}

const latest = (b: PriceBook) => [...b.versions].sort((x, y) => y.version - x.version)[0];

function Versions({ versions }: { versions: PriceBookVersion[] }) {
  const { t, time, yuan } = useLocale();
  return (
    <Table<PriceBookVersion>
      rowKey="version"
      size="small"
      pagination={false}
      dataSource={versions}
      columns={[
        { title: t('version'), dataIndex: 'version' },
        { title: t('effectiveFrom'), dataIndex: 'effectiveFrom', render: (v: string) => time(v) },
        { title: t('rounding'), dataIndex: 'rounding' },
        { title: t('taxTerms'), key: 'tax', render: (_, v) => <TaxTerms terms={v} /> },
        {
          title: t('prices'),
          key: 'prices',
          render: (_, v) => (
            <Space wrap>
              {(v.entries ?? []).map((e) => (
                <Tag key={e.sku}>
                  {e.sku}: {e.unitPrice !== null ? yuan(e.unitPrice) : e.model}
                </Tag>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** The wire form of a price entry, as the last version had it (per unit prices are what the form edits). */
function priceOf(e: PriceEntry) {
  return e.unitPrice !== null ? { kind: 'per_unit', unitPrice: e.unitPrice } : { kind: e.model, tiers: e.tiers ?? [] };
}

/** A new version: the last version's prices, per unit prices editable; the API's messages land on the fields. */
function AddVersion({ book, onClose }: { book: PriceBook; onClose(saved: boolean): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const last = latest(book);
  const entries = last?.entries ?? [];
  const initial = {
    version: (last?.version ?? 0) + 1,
    effectiveFrom: nextMonthStart(),
    rounding: last?.rounding ?? 'HALF_UP_FEN',
    prices: Object.fromEntries(entries.map((e) => [e.sku, priceOf(e)])),
    ...taxFormValues(last),
  };
  const save = async () => {
    const values = form.getFieldsValue(true) as typeof initial;
    const prices = Object.fromEntries(entries.map((e) => [e.sku, { ...priceOf(e), ...values.prices[e.sku] }]));
    const body = { ...values, prices, ...taxBody(values, last) };
    const saved = await submit(() =>
      ok(api.POST('/v1/price-books/{id}/versions', { params: { path: { id: book.id } }, body } as never)),
    );
    if (saved) onClose(true);
  };
  return (
    <FormModal
      title={`${t('addVersion')} · ${book.name}`}
      busy={busy}
      saveTestId="version-save"
      onSave={() => void save()}
      onCancel={() => onClose(false)}
    >
      {alert}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="version-form">
        <Form.Item name="version" label={t('version')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('effectiveFrom')}>
          <Input data-testid="version-effective-from" />
        </Form.Item>
        <Form.Item name="rounding" label={t('rounding')}>
          <Select options={ROUNDINGS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        {entries
          .filter((e) => e.unitPrice !== null)
          .map((e) => (
            <Form.Item key={e.sku} name={['prices', e.sku, 'unitPrice']} label={`${e.sku} · ${t('unitPrice')}`}>
              <Input data-testid={`price-${e.sku}`} />
            </Form.Item>
          ))}
        <TaxFields />
      </Form>
    </FormModal>
  );
}
