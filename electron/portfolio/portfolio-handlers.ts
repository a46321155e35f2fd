import { writeFile } from 'node:fs/promises';
import type { portfolioChannels } from '../../shared/contract/portfolio';
import type { HandlerMap } from '../backend/handler-types';
import type { Clock } from '../backend/ports';
import type { TransferStore } from '../files/transfer-store';
import type { PortfolioService } from './portfolio-service';
import { toIcs } from './calendar';

export function portfolioHandlers(s: {
  readonly portfolio: PortfolioService;
  readonly clock: Clock;
  readonly transfers: Pick<TransferStore, 'scratchPath' | 'registerDownload'>;
}): HandlerMap<keyof typeof portfolioChannels> {
  return {
    'portfolio.overview': () => s.portfolio.overview(),
    'portfolio.calendar': async ({ clientId }) => {
      const events = s.portfolio.calendarEvents(clientId);
      const path = await s.transfers.scratchPath('dcb1596-renewals.ics');
      await writeFile(path, toIcs(events, s.clock.now()), { mode: 0o600 });
      const d = s.transfers.registerDownload(path, 'dcb1596-renewals.ics', 'text/calendar');
      return { downloadId: d.downloadId, fileName: d.fileName, events: events.length };
    },
  };
}
