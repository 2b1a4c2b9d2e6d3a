import { Alert, Spin } from 'antd';
import { Suspense, lazy, useEffect, useState } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import { whenUnauthorized } from './api/client';
import { loadConsoleConfig, type ConsoleConfig } from './auth/console-config';
import { isOperator, isTenant, loadSession, saveSession, userFromToken, type SessionUser } from './auth/session';
import { useLocale } from './i18n/locale';
import { ConsoleLayout } from './layout/console-layout';
import { menuOf } from './layout/menus';
import { periodOf } from './format/time';
import { dashboardOf, prefetchDashboard } from './pages/tenant/usage-data';
import { mayUseWebhooks } from './pages/webhooks/webhook-views';

// every screen is its own chunk: a role's first screen loads only what it shows (the 500 kB budget)
const SignInPage = lazy(() => import('./auth/sign-in.page').then((m) => ({ default: m.SignInPage })));
const SpendPage = lazy(() => import('./pages/bureau/spend.page').then((m) => ({ default: m.SpendPage })));
const ClaimDetailPage = lazy(() =>
  import('./pages/claims/claim-detail.page').then((m) => ({ default: m.ClaimDetailPage })),
);
const ClaimsPage = lazy(() => import('./pages/claims/claims.page').then((m) => ({ default: m.ClaimsPage })));
const PeriodsPage = lazy(() => import('./pages/operator/periods.page').then((m) => ({ default: m.PeriodsPage })));
const TenantsPage = lazy(() => import('./pages/operator/tenants.page').then((m) => ({ default: m.TenantsPage })));
const StatementDetailPage = lazy(() =>
  import('./pages/tenant/statement-detail.page').then((m) => ({ default: m.StatementDetailPage })),
);
const StatementsPage = lazy(() =>
  import('./pages/tenant/statements.page').then((m) => ({ default: m.StatementsPage })),
);
const UsagePage = lazy(() => import('./pages/tenant/usage.page').then((m) => ({ default: m.UsagePage })));
const ChargesPage = lazy(() => import('./pages/tenant/charges.page').then((m) => ({ default: m.ChargesPage })));
const ClustersPage = lazy(() => import('./pages/operator/clusters.page').then((m) => ({ default: m.ClustersPage })));
const PriceBooksPage = lazy(() =>
  import('./pages/operator/price-books.page').then((m) => ({ default: m.PriceBooksPage })),
);
const ContractsPage = lazy(() => import('./pages/operator/contracts.page').then((m) => ({ default: m.ContractsPage })));
const ProgrammesPage = lazy(() =>
  import('./pages/operator/programmes.page').then((m) => ({ default: m.ProgrammesPage })),
);
const ProgrammeDetailPage = lazy(() =>
  import('./pages/operator/programmes.page').then((m) => ({ default: m.ProgrammeDetailPage })),
);
const GrantsPage = lazy(() => import('./pages/operator/grants.page').then((m) => ({ default: m.GrantsPage })));
const ReconciliationPage = lazy(() =>
  import('./pages/operator/reconciliation.page').then((m) => ({ default: m.ReconciliationPage })),
);
const AuditPage = lazy(() => import('./pages/audit/audit.page').then((m) => ({ default: m.AuditPage })));
const DisputesPage = lazy(() => import('./pages/operator/disputes.page').then((m) => ({ default: m.DisputesPage })));
const ClawbacksPage = lazy(() => import('./pages/bureau/clawbacks.page').then((m) => ({ default: m.ClawbacksPage })));
const VouchersPage = lazy(() => import('./pages/tenant/vouchers.page').then((m) => ({ default: m.VouchersPage })));
const WebhooksPage = lazy(() => import('./pages/webhooks/webhooks.page').then((m) => ({ default: m.WebhooksPage })));
const WebhookDetailPage = lazy(() =>
  import('./pages/webhooks/webhook-detail.page').then((m) => ({ default: m.WebhookDetailPage })),
);

/**
 * A console opening on the tenant dashboard (its address, or a tenant's home) fetches the screen's chunk and its
 * figures at once, side by side, rather than the figures after the chunk (the first-screen budget).
 */
function startDashboard(user: SessionUser | null): void {
  if (!user) return;
  const hash = window.location.hash;
  const home = isTenant(user.role) && user.tenantId && (hash === '' || hash === '#/' || hash === '#');
  const target = dashboardOf(hash) ?? (home ? { tenantId: user.tenantId!, period: periodOf(new Date()) } : null);
  if (!target) return;
  // the API calls first: they are the longest part (rating on the server), and the browser opens only so many
  // connections at once
  prefetchDashboard(target.tenantId, target.period);
  void import('./pages/tenant/usage.page');
  void import('./components/amount-bar-chart'); // its first chart, else asked for only once the screen has run
}
startDashboard(loadSession());

/** Finishes an OIDC redirect (?code=…&state=…) when there is one; returns the signed-in user or null. */
async function completeOidcRedirect(config: ConsoleConfig): Promise<SessionUser | null> {
  if (config.signIn !== 'oidc' || !new URLSearchParams(window.location.search).has('code')) return null;
  const { oidcManager } = await import('./auth/oidc');
  const oidcUser = await oidcManager(config).signinRedirectCallback();
  window.history.replaceState(null, '', '/console/');
  return userFromToken(oidcUser.access_token);
}

export function App() {
  const { t, errorText } = useLocale();
  const [config, setConfig] = useState<ConsoleConfig>();
  const [user, setUser] = useState<SessionUser | null>(() => loadSession());
  const [failure, setFailure] = useState<string>();
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    loadConsoleConfig()
      .then(async (c) => {
        setConfig(c);
        const signedIn = await completeOidcRedirect(c);
        if (signedIn) signIn(signedIn);
      })
      .catch((error: Error) => setFailure(errorText(error)));
  }, []);

  const signIn = (next: SessionUser) => {
    saveSession(next);
    setUser(next);
    setExpired(false);
    window.location.hash = `#${menuOf(next.role, next.tenantId)[0].path}`;
  };
  const signOut = () => {
    saveSession(null);
    setUser(null);
    window.location.hash = '#/';
    if (config?.signIn === 'oidc') void import('./auth/oidc').then(({ forgetOidcUser }) => forgetOidcUser(config));
  };
  // a session the API no longer accepts, or whose renewal failed: back to signing in, saying why
  const expire = () => {
    signOut();
    setExpired(true);
  };

  useEffect(() => {
    whenUnauthorized(expire);
    return () => whenUnauthorized(null);
  });

  // an OIDC session renews its access token before it expires; each new token replaces the session's
  const signedIn = user !== null;
  useEffect(() => {
    if (!signedIn || config?.signIn !== 'oidc') return;
    let stop: (() => void) | undefined;
    let live = true;
    void import('./auth/oidc')
      .then(({ keepTokenFresh }) => keepTokenFresh(config, { renewed: saveSession, failed: () => live && expire() }))
      .then((s) => (live ? (stop = s) : s()));
    return () => {
      live = false;
      stop?.();
    };
  }, [signedIn, config]);

  if (failure)
    return <Alert type="error" showIcon message={t('errorTitle')} description={failure} style={{ margin: 24 }} />;
  const spinner = <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  // a signed-in user's screens do not wait for /console/config.json: only signing in needs it
  if (!user) {
    if (!config) return spinner;
    return (
      <Suspense fallback={spinner}>
        {expired && (
          <Alert
            type="warning"
            showIcon
            message={t('sessionExpired')}
            data-testid="session-expired"
            style={{ margin: '24px auto 0', maxWidth: 480 }}
          />
        )}
        <SignInPage config={config} onSignedIn={signIn} />
      </Suspense>
    );
  }
  const home = menuOf(user.role, user.tenantId)[0].path;
  const canSeeTenants = isTenant(user.role) || isOperator(user.role);
  return (
    <HashRouter>
      <ConsoleLayout user={user} onSignOut={signOut}>
        <Suspense fallback={spinner}>
          <Routes>
            {canSeeTenants && (
              <>
                <Route path="/tenants/:tenantId/usage" element={<UsagePage />} />
                <Route path="/tenants/:tenantId/vouchers" element={<VouchersPage />} />
                <Route path="/tenants/:tenantId/statements" element={<StatementsPage />} />
                <Route path="/tenants/:tenantId/statements/:periodId" element={<StatementDetailPage user={user} />} />
                <Route path="/tenants/:tenantId/charges" element={<ChargesPage />} />
              </>
            )}
            {isOperator(user.role) && (
              <>
                <Route path="/tenants" element={<TenantsPage />} />
                <Route path="/periods" element={<PeriodsPage />} />
                <Route path="/disputes" element={<DisputesPage />} />
                {user.role === 'operator-admin' && <Route path="/clusters" element={<ClustersPage />} />}
                <Route path="/price-books" element={<PriceBooksPage />} />
                <Route path="/contracts" element={<ContractsPage />} />
                <Route path="/programmes" element={<ProgrammesPage />} />
                <Route path="/programmes/:id" element={<ProgrammeDetailPage />} />
                <Route path="/grants" element={<GrantsPage />} />
                <Route path="/reconciliation" element={<ReconciliationPage />} />
              </>
            )}
            {user.role === 'bureau-auditor' && <Route path="/spend" element={<SpendPage />} />}
            {(isOperator(user.role) || user.role === 'bureau-auditor') && (
              <>
                <Route path="/claims" element={<ClaimsPage />} />
                <Route path="/claims/:claimId" element={<ClaimDetailPage user={user} />} />
                <Route path="/audit" element={<AuditPage />} />
                <Route
                  path="/clawbacks"
                  element={<ClawbacksPage mayClawBack={['operator-admin', 'bureau-auditor'].includes(user.role)} />}
                />
              </>
            )}
            {mayUseWebhooks(user.role) && (
              <>
                <Route path="/webhooks" element={<WebhooksPage role={user.role} />} />
                <Route path="/webhooks/:webhookId" element={<WebhookDetailPage />} />
              </>
            )}
            <Route path="*" element={<Navigate to={home} replace />} />
          </Routes>
        </Suspense>
      </ConsoleLayout>
    </HashRouter>
  );
}
