import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { ExpandableConfig } from 'antd/es/table/interface';
import { LoadState, type Loaded } from './load-state';

/** A list from the API as a table: loading, error and empty states first, then the rows (paged when many). */
export function LoadedTable<T extends object>(props: {
  loaded: Loaded<T[]>;
  testId: string;
  rowKey: keyof T & string;
  columns: ProColumns<T>[];
  scrollX?: number;
  pageSize?: number;
  expandable?: ExpandableConfig<T>;
}) {
  return (
    <LoadState loaded={props.loaded} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <ProTable<T>
          rowKey={props.rowKey}
          search={false}
          options={false}
          pagination={props.pageSize ? { pageSize: props.pageSize } : false}
          dataSource={rows}
          data-testid={props.testId}
          scroll={props.scrollX ? { x: props.scrollX } : undefined}
          expandable={props.expandable}
          columns={props.columns}
        />
      )}
    </LoadState>
  );
}
