import { Button, Input, Modal, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Dispute } from '../../api/views';
import { isOperator, type SessionUser } from '../../auth/session';
import type { MessageKey } from '../../i18n/messages';
import { useLocale } from '../../i18n/locale';

const COLORS = { open: 'gold', accepted: 'green', rejected: 'red' } as const;
type Action = 'open' | 'accept' | 'reject';

/**
 * A statement line's dispute (申诉): its latest dispute's state, the tenant-admin's "dispute" action on a line with
 * none open, and the operator's accept / reject of an open one (a rejection needs a reason, shown to the tenant).
 */
export function LineDispute(props: {
  user: SessionUser;
  tenantId: string;
  periodId: string;
  lineId: string;
  dispute: Dispute | null;
  onChange(): void;
}) {
  const { user, tenantId, periodId, lineId, dispute } = props;
  const { t, yuan, errorText } = useLocale();
  const [action, setAction] = useState<Action>();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const open = dispute?.state === 'open';
  const canOpen = !open && (user.role === 'tenant-admin' || user.role === 'operator-admin');
  const canResolve = open && isOperator(user.role);
  const start = (a: Action) => {
    setAction(a);
    setReason('');
    setAmount('');
    setFailure(undefined);
  };
  const send = async () => {
    setBusy(true);
    setFailure(undefined);
    const statement = { tenantId, periodId };
    const body = { reason: reason.trim() || undefined, amount: amount.trim() || undefined };
    try {
      if (action === 'open') {
        const path = '/v1/tenants/{tenantId}/statements/{periodId}/disputes';
        await ok(api.POST(path, { params: { path: statement }, body: { lineId, ...body } } as never));
      } else if (dispute) {
        const path = `/v1/tenants/{tenantId}/statements/{periodId}/disputes/{disputeId}/${action}` as const;
        const params = { path: { ...statement, disputeId: dispute.id } };
        await ok(api.POST(path as never, { params, body: action === 'reject' ? { reason } : body } as never));
      }
      setAction(undefined);
      props.onChange();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4} wrap data-testid={`dispute-${lineId}`}>
      {dispute && (
        <Tooltip title={dispute.resolutionReason ?? dispute.reason}>
          <Tag color={COLORS[dispute.state]} data-testid="dispute-state" data-state={dispute.state}>
            {t(`dispute.${dispute.state}` as MessageKey)}
            {dispute.state === 'accepted' && ` ${yuan(dispute.tenantCredit)}`}
          </Tag>
        </Tooltip>
      )}
      {canOpen && (
        <Button size="small" onClick={() => start('open')} data-testid="dispute-open">
          {t('dispute.action')}
        </Button>
      )}
      {canResolve && (
        <>
          <Button size="small" type="primary" onClick={() => start('accept')} data-testid="dispute-accept">
            {t('dispute.accept')}
          </Button>
          <Button size="small" danger onClick={() => start('reject')} data-testid="dispute-reject">
            {t('dispute.reject')}
          </Button>
        </>
      )}
      {action && (
        <Modal
          open
          title={t(action === 'open' ? 'dispute.action' : action === 'accept' ? 'dispute.accept' : 'dispute.reject')}
          onOk={() => void send()}
          onCancel={() => setAction(undefined)}
          okButtonProps={{ disabled: action !== 'accept' && !reason.trim(), loading: busy }}
          okText={t('save')}
          cancelText={t('cancel')}
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {dispute && action !== 'open' && <div>{dispute.reason}</div>}
            <Input.TextArea
              rows={3}
              placeholder={t('dispute.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="dispute-reason"
            />
            {action !== 'reject' && (
              <Input
                placeholder={t('dispute.amount')}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                data-testid="dispute-amount"
              />
            )}
            {failure && <Tag color="red">{failure}</Tag>}
          </Space>
        </Modal>
      )}
    </Space>
  );
}
