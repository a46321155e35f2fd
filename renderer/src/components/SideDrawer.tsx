import type { ReactNode } from 'react';
import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useReturnFocus } from './useReturnFocus';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXXL },
});

// A panel over the page from its end edge: a title with a close button, then the body. Focus goes back
// to whatever opened it when it closes.
export function SideDrawer(props: {
  open: boolean;
  onClose: () => void;
  label: string;
  title: ReactNode;
  // The drawer's width: a class of the caller's, or one of Fluent's sizes.
  className?: string;
  size?: 'small' | 'medium' | 'large' | 'full';
  children: ReactNode;
}) {
  const s = useStyles();
  useReturnFocus(props.open);
  return (
    <OverlayDrawer
      open={props.open}
      onOpenChange={(_, d) => !d.open && props.onClose()}
      position="end"
      className={props.className}
      size={props.size}
      aria-label={props.label}
    >
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={props.onClose} />}>
          {props.title}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={s.body}>{props.children}</DrawerBody>
    </OverlayDrawer>
  );
}
