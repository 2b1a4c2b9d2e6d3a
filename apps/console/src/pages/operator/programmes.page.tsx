import { ProCard } from '@ant-design/pro-components';
import { Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Programme, Rules } from '../../api/operator-views';
import { DetailTable } from '../../components/detail-table';
import { LoadState, useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';
import { ProgrammeRulesForm } from './programme-rules-form';

/** The rules in force last: the newest version's, else the programme's own (version 1). */
function latestRules(p: Programme): Rules {
  return p.rulesVersions?.length ? p.rulesVersions[p.rulesVersions.length - 1].rules : p.rules;
}

/** A ratio as people read it: "0.3", or its tiers' ratios. */
function ratioText(rules: Rules): string {
  const ratio = rules.ratio as string | { tiers: { ratio: string }[] } | undefined;
  if (typeof ratio === 'object' && ratio !== null) return ratio.tiers.map((tier) => tier.ratio).join(' / ');
  return ratio ?? '—';
}

/** Voucher programmes and training subsidies, every bureau's. */
export function ProgrammesPage() {
  const { t } = useLocale();
  const programmes = useLoad(() => ok<Programme[]>(api.GET('/v1/programmes')), []);
  return (
    <LoadedTable<Programme>
      loaded={programmes}
      testId="programmes-table"
      rowKey="id"
      scrollX={800}
      columns={[
        { title: 'ID', dataIndex: 'id', render: (_, p) => <Link to={`/programmes/${p.id}`}>{p.id}</Link> },
        { title: t('name'), dataIndex: 'name' },
        { title: t('bureauId'), dataIndex: 'bureauId' },
        { title: t('ratio'), key: 'ratio', render: (_, p) => ratioText(latestRules(p)) },
        { title: t('version'), key: 'version', render: (_, p) => 1 + (p.rulesVersions?.length ?? 0) },
      ]}
    />
  );
}

/** One programme: its rules versions, and a form for the next one. */
export function ProgrammeDetailPage() {
  const { id = '' } = useParams();
  const { t } = useLocale();
  const programme = useLoad(() => ok<Programme>(api.GET('/v1/programmes/{id}', { params: { path: { id } } })), [id]);
  return (
    <LoadState loaded={programme}>
      {(p) => {
        const versions = [{ version: 1, effectivePeriod: '—', rules: p.rules }, ...(p.rulesVersions ?? [])];
        return (
          <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="programme-detail">
            <ProCard title={`${p.name} (${p.id})`} extra={<Link to="/programmes">{t('back')}</Link>} bordered>
              <DetailTable
                rowKey="version"
                dataSource={versions}
                testId="rules-versions"
                columns={[
                  { title: t('version'), dataIndex: 'version' },
                  { title: t('rulesEffectiveFrom'), dataIndex: 'effectivePeriod' },
                  { title: t('ratio'), key: 'ratio', render: (_, v) => ratioText(v.rules) },
                  {
                    title: t('rules'),
                    key: 'rules',
                    render: (_, v) => (
                      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                        {JSON.stringify(v.rules)}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </ProCard>
            {/* keyed by the version count: a saved version starts the next form from the rules just saved */}
            <ProgrammeRulesForm key={versions.length} programme={p} rules={latestRules(p)} onSaved={programme.reload} />
          </Space>
        );
      }}
    </LoadState>
  );
}
