import { Modal, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { useLocale } from '../i18n/locale';

/** A dialog around a form: Save (its test id given) and Cancel, Save spinning while the API answers. */
export function FormModal(props: {
  title: string;
  busy: boolean;
  saveTestId: string;
  onSave(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const { t } = useLocale();
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onCancel}
      onOk={props.onSave}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={props.busy}
      okButtonProps={{ 'data-testid': props.saveTestId } as ButtonProps}
      width={640}
    >
      {props.children}
    </Modal>
  );
}
