import { useRef, type ReactElement } from 'react';
import { Button, type ButtonProps } from '@fluentui/react-components';

// A button that opens the system file picker. The chosen File goes to bridge().uploadFile, which
// streams it to the backend (the renderer never handles paths).
export function FilePickButton(props: {
  accept?: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
  children: string;
  icon?: ReactElement;
  appearance?: ButtonProps['appearance'];
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept={props.accept}
        multiple={props.multiple}
        aria-label={props.children}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) props.onFiles(files);
        }}
      />
      <Button icon={props.icon} appearance={props.appearance} disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.children}
      </Button>
    </>
  );
}
