import type { Channel, OutputOf, ParsedInputOf } from '../../shared/contract';
import type { CallContext } from './ports';

type Handler<C extends Channel> = (input: ParsedInputOf<C>, ctx: CallContext) => Promise<OutputOf<C>> | OutputOf<C>;
export type HandlerMap<K extends Channel> = { [C in K]: Handler<C> };
