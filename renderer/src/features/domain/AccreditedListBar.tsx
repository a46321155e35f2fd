import { useState } from 'react';
import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUpload16Regular, Open16Regular } from '@fluentui/react-icons';
import { bridge } from '../../api/bridge';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { FilePickButton } from '../../components/FilePickButton';
import { useNotify } from '../../components/notify';
import { formatDateTime, plural } from '../../format';

// Where NHS England publishes the list (catalogue source S18). The file is CSV despite its .xlsx name.
const NHS_LIST_PAGE = 'https://digital.nhs.uk/services/nhs.net-connect/the-secure-email-standard#list-of-accredited-organisations';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
});

export function AccreditedListBar() {
  const s = useStyles();
  const notify = useNotify();
  const status = useApiQuery('domain.accreditedList.status', {});
  const importList = useApiMutation('domain.accreditedList.import');
  const [uploading, setUploading] = useState(false);

  const onFiles = async ([file]: File[]) => {
    if (!file) return;
    setUploading(true);
    try {
      const up = await bridge().uploadFile(file);
      if (!up.ok) throw new Error(up.error.message);
      const info = await importList.mutateAsync({ uploadId: up.value.uploadId });
      notify('NHS accredited-domains list imported', {
        body: `${plural(info.domains, 'domain')} from ${info.fileName} (${info.encoding})`,
      });
    } catch (err) {
      notify('Could not import the list', { body: errorMessage(err), intent: 'error' });
    } finally {
      setUploading(false);
    }
  };

  const busy = uploading || importList.isPending;
  const importButton = (label: string, appearance?: 'subtle') => (
    <FilePickButton
      accept=".xlsx,.csv,.txt,text/csv"
      onFiles={onFiles}
      disabled={busy}
      icon={busy ? <Spinner size="tiny" /> : <ArrowUpload16Regular />}
      appearance={appearance}
    >
      {label}
    </FilePickButton>
  );
  const openPage = () => void bridge().openExternal(NHS_LIST_PAGE);

  if (status.isPending) return null;
  if (!status.data) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Is this client already accredited?</MessageBarTitle>
          Import NHS England's list of accredited domains to see whether each domain is on it, and what the list records for it. Download
          the file from the NHS secure email standard page and import it as it is (it is a CSV file, even though its name ends in .xlsx).
        </MessageBarBody>
        <MessageBarActions>
          {importButton('Import the NHS list…')}
          <Button icon={<Open16Regular />} onClick={openPage}>
            Open the NHS page
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return (
    <div className={s.line}>
      <Caption1>
        NHS accredited-domains list: {status.data.fileName}, {plural(status.data.domains, 'domain')}, imported{' '}
        {formatDateTime(status.data.importedAt)}.
      </Caption1>
      <Button appearance="subtle" icon={<Open16Regular />} onClick={openPage}>
        NHS page
      </Button>
      {importButton('Import a newer list…', 'subtle')}
    </div>
  );
}
