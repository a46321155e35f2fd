import { Fragment, type ReactNode } from 'react';
import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem } from '@fluentui/react-components';
import { Link } from 'wouter';

export interface Crumb {
  label: ReactNode;
  href: string;
}

// The trail above a page's title, each step a link back up. One component so every page's trail looks and
// is announced the same way.
export function Crumbs({ trail }: { trail: Crumb[] }) {
  return (
    <Breadcrumb aria-label="Breadcrumb" size="small">
      {trail.map((c, i) => (
        <Fragment key={c.href}>
          {i > 0 && <BreadcrumbDivider />}
          <BreadcrumbItem>
            <Link href={c.href} asChild>
              <BreadcrumbButton>{c.label}</BreadcrumbButton>
            </Link>
          </BreadcrumbItem>
        </Fragment>
      ))}
    </Breadcrumb>
  );
}
