import { z } from 'zod';
import { mutation, query } from './define';
import { Email, Id, IsoDate, RequiredText } from './common';

// The workspace's people: who owns an answer, so the task view can group and filter by person.
export const PERSON_ROLES = { consultant: 'Our team', client: 'Client staff' } as const;
const PersonRole = z.enum(['consultant', 'client']);

export const Person = z.object({ id: Id, name: z.string(), email: z.string().optional(), role: PersonRole.optional() });
export type Person = z.infer<typeof Person>;

export const TASK_KINDS = {
  item: 'Owned items',
  'waiting-on-client': 'Waiting on the client',
  'evidence-expiring': 'Evidence expiring',
  due: 'Due dates',
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

export const Task = z.object({
  kind: z.enum(Object.keys(TASK_KINDS) as [TaskKind, ...TaskKind[]]),
  title: z.string(),
  detail: z.string(),
  clientId: Id,
  clientName: z.string(),
  ownerId: Id.optional(),
  ownerName: z.string().optional(),
  due: IsoDate.optional(),
  href: z.string().regex(/^\/clients\/[0-9a-f-]{36}(\/[A-Za-z0-9/-]*)?$/),
});
export type Task = z.infer<typeof Task>;

export const peopleChannels = {
  'people.list': query(z.strictObject({}), z.array(Person)),
  'people.save': mutation(
    z.strictObject({
      id: Id.optional(),
      name: RequiredText('Name', 120),
      email: z.union([Email, z.literal('')]).optional(),
      role: PersonRole.optional(),
    }),
    Person,
    ['people.', 'tasks.', 'assessment.'],
  ),
  // Refused while the person owns an answer in an unsigned assessment (reassign those first); signed
  // assessments keep the owner's name as it was signed.
  'people.remove': mutation(z.strictObject({ id: Id }), z.object({ id: Id, name: z.string() }), ['people.', 'tasks.', 'assessment.']),
  'tasks.list': query(z.strictObject({}), z.object({ today: IsoDate, tasks: z.array(Task).max(2000) })),
} as const;
