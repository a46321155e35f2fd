import type { ComponentType, ReactElement } from 'react';
import { Info24Regular, History24Regular, ClipboardTaskListLtr24Regular } from '@fluentui/react-icons';
import type { Client, Route } from '../../../../shared/contract/clients';
import { ClientOverview } from './ClientOverview';
import { ClientActivity } from './ClientActivity';
import { AssessmentsTab } from '../assessments/AssessmentsTab';
import { EvidenceTab } from '../evidence/EvidenceTab';
import { DocumentMultiple24Regular } from '@fluentui/react-icons';
import { MailCheckmark24Regular } from '@fluentui/react-icons';
import { MailDomainTab } from '../domain/MailDomainTab';
import { Cloud24Regular } from '@fluentui/react-icons';
import { TenantTab } from '../tenant/TenantTab';

export interface ClientTab {
  id: string;
  label: string;
  icon: ReactElement;
  // Only shown for these routes (e.g. the tenant probe for Microsoft 365 clients).
  routes?: Route[];
  component: ComponentType<{ client: Client; item?: string }>;
}

// The sections of a client page, in order. Each capability adds its tab here.
export const CLIENT_TABS: ClientTab[] = [
  { id: 'overview', label: 'Overview', icon: <Info24Regular />, component: ClientOverview },
  { id: 'assessments', label: 'Assessments', icon: <ClipboardTaskListLtr24Regular />, component: AssessmentsTab },
  { id: 'evidence', label: 'Evidence', icon: <DocumentMultiple24Regular />, component: EvidenceTab },
  { id: 'mail-domain', label: 'Mail domain', icon: <MailCheckmark24Regular />, component: MailDomainTab },
  { id: 'activity', label: 'Activity', icon: <History24Regular />, component: ClientActivity },
  { id: 'microsoft-365', label: 'Microsoft 365', icon: <Cloud24Regular />, routes: ['o365'], component: TenantTab },
];
