import { z } from 'zod';
import { requestInput } from '@park/platform';
import { id, text } from './common.schemas';

export const CreatePark = requestInput({
  body: z.strictObject({
    id: id.meta({ example: 'gy-bigdata-park' }),
    name: text(200).meta({ example: '贵阳大数据产业园' }),
  }),
});

export const ParkById = requestInput({ params: z.strictObject({ parkId: id }) });
