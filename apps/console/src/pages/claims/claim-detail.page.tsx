import { ProCard, ProDescriptions, ProTable } from '@ant-design/pro-components';
import { Alert, Button, Input, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, ok, type ApiIssue } from '../../api/client';
import type { ClaimDetail, ClaimLine } from '../../api/views';
import { isOperator, type SessionUser } from '../../auth/session';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';
import { ClaimDownloads } from './claim-downloads';
import { ClaimEvidence } from './claim-evidence';
import { CLAIM_COLORS } from './claims.page';

type Decision = { decision: 'approved' | 'rejected'; reason: string };
const UNDECIDED: Decision = { decision: 'approved', reason: '' };

/**
 * One claim and its lines. The operator submits a draft; the bureau's auditor takes a submitted claim under
 * review and decides every line (a rejection needs a reason), then sends the decisions in one review. Below: the
 * evidence checklist and documents (claim-evidence.tsx); a submit refused for missing evidence lists each item here.
 */
export function ClaimDetailPage({ user }: { user: SessionUser }) {
  const { claimId = '' } = useParams();
  const { t, yuan, status, errorText } = useLocale();
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [failure, setFailure] = useState<string>();
  // a submit refused for missing evidence (409 CLAIM_EVIDENCE_INCOMPLETE): each missing item, shown on the page
  const [missing, setMissing] = useState<ApiIssue[]>();
  const [round, setRound] = useState(0);
  const claim = useLoad(
    () => ok<ClaimDetail>(api.GET('/v1/claims/{claimId}', { params: { path: { claimId } } })),
    [claimId],
  );
  const act = async (call: () => Promise<unknown>) => {
    setFailure(undefined);
    setMissing(undefined);
    try {
      await call();
      claim.reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CLAIM_EVIDENCE_INCOMPLETE') {
        setMissing(error.issues);
        setRound((r) => r + 1);
      } else setFailure(errorText(error));
    }
  };
  const path = { params: { path: { claimId } } };
  const decide = (line: string, d: Partial<Decision>) =>
    setDecisions((all) => ({ ...all, [line]: { ...UNDECIDED, ...all[line], ...d } }));

  return (
    <LoadState loaded={claim}>
      {(c) => {
        const reviewing = user.role === 'bureau-auditor' && c.status === 'under_review';
        const complete = c.lines.every(
          (l) => decisions[l.id] && (decisions[l.id].decision === 'approved' || decisions[l.id].reason.trim()),
        );
        const review = () =>
          ok(
            api.POST('/v1/claims/{claimId}/review', {
              ...path,
              body: {
                decisions: c.lines.map((l) => ({
                  lineId: l.id,
                  ...decisions[l.id],
                  reason: decisions[l.id].reason || undefined,
                })),
              },
            } as never),
          );
        return (
          <Space
            direction="vertical"
            size="middle"
            style={{ width: '100%' }}
            data-testid="claim-detail"
            data-status={c.status}
          >
            <ProCard title={`${c.programmeId} · ${c.cycle}`} extra={<Link to="/claims">{t('back')}</Link>} bordered>
              <ProDescriptions column={{ xs: 1, md: 3 }}>
                <ProDescriptions.Item label={t('status')}>
                  <Tag color={CLAIM_COLORS[c.status]} data-testid="claim-status">
                    {status(c.status)}
                  </Tag>
                </ProDescriptions.Item>
                <ProDescriptions.Item label={t('total')}>{yuan(c.total)}</ProDescriptions.Item>
                <ProDescriptions.Item label={t('approved')}>{yuan(c.approvedAmount)}</ProDescriptions.Item>
                <ProDescriptions.Item label={t('rejected')}>{yuan(c.rejectedAmount)}</ProDescriptions.Item>
                <ProDescriptions.Item label={t('reconciles')}>
                  <Tag color={c.reconciliation.reconciles ? 'green' : 'red'}>{yuan(c.reconciliation.ledgerTotal)}</Tag>
                </ProDescriptions.Item>
              </ProDescriptions>
              <Space wrap>
                {isOperator(user.role) && c.status === 'draft' && (
                  <Button
                    type="primary"
                    data-testid="claim-submit"
                    onClick={() => void act(() => ok(api.POST('/v1/claims/{claimId}/submit', path)))}
                  >
                    {t('submit')}
                  </Button>
                )}
                {user.role === 'bureau-auditor' && c.status === 'submitted' && (
                  <Button
                    type="primary"
                    data-testid="claim-start-review"
                    onClick={() => void act(() => ok(api.POST('/v1/claims/{claimId}/start-review', path)))}
                  >
                    {t('startReview')}
                  </Button>
                )}
                {reviewing && (
                  <Button
                    type="primary"
                    data-testid="claim-submit-review"
                    disabled={!complete}
                    onClick={() => void act(review)}
                  >
                    {t('submitReview')}
                  </Button>
                )}
                {reviewing && !complete && <span>{t('reasonRequired')}</span>}
              </Space>
              <ClaimDownloads claimId={claimId} />
              {failure && <Alert style={{ marginTop: 12 }} type="error" message={failure} data-testid="claim-error" />}
              {missing && (
                <Alert
                  style={{ marginTop: 12 }}
                  type="warning"
                  showIcon
                  data-testid="claim-evidence-issues"
                  message={t('submitBlocked')}
                  description={
                    <ul style={{ margin: 0 }}>
                      {missing.map((i) => (
                        <li key={`${i.path}:${i.message}`}>{i.message}</li>
                      ))}
                    </ul>
                  }
                />
              )}
            </ProCard>
            <ClaimEvidence
              claimId={claimId}
              lines={c.lines}
              canUpload={isOperator(user.role) && c.status === 'draft'}
              round={round}
              onUploaded={() => setMissing(undefined)}
            />
            <ProTable<ClaimLine>
              headerTitle={t('lines')}
              rowKey="id"
              search={false}
              options={false}
              pagination={{ pageSize: 20 }}
              dataSource={c.lines}
              data-testid="claim-lines"
              scroll={{ x: 1000 }}
              columns={[
                { title: t('statement'), dataIndex: 'statementNumber' },
                { title: t('tenant'), dataIndex: 'tenantId' },
                { title: t('period'), dataIndex: 'periodId' },
                { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, l) => yuan(l.amount) },
                {
                  title: t('decision'),
                  key: 'decision',
                  render: (_, l) =>
                    reviewing ? (
                      <Space direction="vertical" data-testid={`decide-${l.statementNumber}`}>
                        <Radio.Group
                          value={decisions[l.id]?.decision}
                          onChange={(e) => decide(l.id, { decision: e.target.value as Decision['decision'] })}
                          options={[
                            { value: 'approved', label: t('approve') },
                            { value: 'rejected', label: t('reject') },
                          ]}
                        />
                        {decisions[l.id]?.decision === 'rejected' && (
                          <Input
                            placeholder={t('reason')}
                            value={decisions[l.id].reason}
                            onChange={(e) => decide(l.id, { reason: e.target.value })}
                          />
                        )}
                      </Space>
                    ) : (
                      <Space>
                        <Tag color={CLAIM_COLORS[l.decision] ?? 'default'}>{status(l.decision)}</Tag>
                        {l.reason}
                      </Space>
                    ),
                },
              ]}
            />
          </Space>
        );
      }}
    </LoadState>
  );
}
