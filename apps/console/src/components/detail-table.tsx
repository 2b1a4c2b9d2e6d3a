import { Table, type TableProps } from 'antd';

/** A small table inside a card or a detail page: compact rows, every row shown (no pages), named for tests. */
export function DetailTable<T extends object>({
  testId,
  ...props
}: Omit<TableProps<T>, 'size' | 'pagination'> & { testId: string }) {
  return <Table<T> size="small" pagination={false} data-testid={testId} {...props} />;
}
