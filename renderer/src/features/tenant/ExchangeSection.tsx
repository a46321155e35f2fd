import { useState } from 'react';
import { Button, Caption1, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, ArrowUpload20Regular } from '@fluentui/react-icons';
import type { Client } from '../../../../shared/contract/clients';
import type { ProbeRunSummary } from '../../../../shared/contract/findings';
import { ApiError, errorMessage, invoke, useApiMutation } from '../../api/client';
import { bridge } from '../../api/bridge';
import { FilePickButton } from '../../components/FilePickButton';
import { Section } from '../../components/Section';
import { useNotify } from '../../components/notify';
import { formatDateTime } from '../../format';

const useStyles = makeStyles({
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

// Exchange Online settings Graph cannot read (DKIM signing, connectors, SMTP AUTH, forwarding, audit…):
// a read-only PowerShell script the customer's admin runs, whose JSON output is imported here.
export function ExchangeSection({ client, latest }: { client: Client; latest?: ProbeRunSummary }) {
  const s = useStyles();
  const notify = useNotify();
  const importRun = useApiMutation('tenant.exchange.import');
  const [uploading, setUploading] = useState(false);
  const busy = uploading || importRun.isPending;

  const downloadScript = async () => {
    try {
      const ref = await invoke('tenant.exchange.script', {});
      const r = await bridge().saveDownload(ref);
      if (!r.ok) throw new ApiError(r.error);
      if (r.value.saved) notify('Script saved', { body: `${ref.fileName} — send it to the customer's administrator.` });
    } catch (err) {
      notify('Could not save the script', { body: errorMessage(err), intent: 'error' });
    }
  };

  const importFile = async (file: File) => {
    setUploading(true);
    try {
      const up = await bridge().uploadFile(file);
      if (!up.ok) throw new ApiError(up.error);
      setUploading(false);
      const r = await importRun.mutateAsync({ clientId: client.id, uploadId: up.value.uploadId });
      const n = r.run.findings.filter((f) => f.check.startsWith('exo.') || f.check === 'audit.unified-log').length;
      notify('Exchange settings imported', { body: `${n} Exchange checks evaluated from ${file.name}.` });
    } catch (err) {
      notify('Could not import the file', { body: errorMessage(err), intent: 'error' });
    } finally {
      setUploading(false);
    }
  };

  const source = latest?.source ?? '';
  const have = /exchange-rest|customer-script/.test(source);
  return (
    <Section
      id="tenant-exchange"
      title="Exchange Online settings"
      description="Microsoft Graph cannot read DKIM signing, connectors to NHSmail, SMTP AUTH, forwarding, anti-malware and audit settings. Where the direct read is not possible, the customer's administrator runs our read-only script and sends you its output."
    >
      {latest && (
        <Caption1 className={s.muted}>
          {have
            ? `The latest results include Exchange Online settings (${source.includes('customer-script') ? 'from the script output' : 'read directly'}), ${formatDateTime(latest.finishedAt)}.`
            : 'The latest results have no Exchange Online settings yet.'}
        </Caption1>
      )}
      <ol className={s.steps}>
        <li className={s.step}>
          <Text>Send the script to the customer&apos;s administrator. It only reads settings (Get- cmdlets) and writes one JSON file.</Text>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void downloadScript()}>
            Download the PowerShell script
          </Button>
        </li>
        <li className={s.step}>
          <Text>
            They run it in PowerShell 7 with the ExchangeOnlineManagement module, signed in as Global Reader or View-Only Organization
            Management.
          </Text>
        </li>
        <li className={s.step}>
          <Text>Import the file they send back. It is checked against this client&apos;s tenant and kept as evidence.</Text>
          <div className={s.row}>
            <FilePickButton
              accept=".json,application/json"
              onFiles={(files) => void importFile(files[0]!)}
              icon={<ArrowUpload20Regular />}
              disabled={busy || client.archived}
            >
              Import the script output…
            </FilePickButton>
            {busy && <Spinner size="tiny" label={uploading ? 'Uploading' : 'Evaluating'} />}
          </div>
        </li>
      </ol>
    </Section>
  );
}
