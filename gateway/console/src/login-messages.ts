import { useI18n } from './i18n.tsx';

const en = {
  oidcHint: 'Sign in with the city\u2019s identity provider; the console keeps no password of its own.',
  oidcSignIn: 'Sign in with the identity provider',
  oidcCompleting: 'Completing the sign-in\u2026',
  oidcFailed: 'The sign-in failed',
  oidcRetry: 'Back to sign-in',
  orPaste: 'Or paste a token from the identity provider',
  choosePurpose: 'Choose the purpose you work for in this session.',
  continue: 'Continue',
  sessionExpired: 'The hub no longer accepts your sign-in; sign in again.',
} as const;

type LoginMessageKey = keyof typeof en;

const zh: Record<LoginMessageKey, string> = {
  oidcHint: '请通过本市统一身份认证登录；控制台不保存任何自己的密码。',
  oidcSignIn: '通过统一身份认证登录',
  oidcCompleting: '正在完成登录\u2026',
  oidcFailed: '登录失败',
  oidcRetry: '返回登录',
  orPaste: '或粘贴统一身份认证签发的令牌',
  choosePurpose: '请选择本次会话的用途。',
  continue: '继续',
  sessionExpired: '枢纽已不再接受您的登录，请重新登录。',
};

/** The sign-in's own messages, in the console's language. */
export function useLoginMessages(): (key: LoginMessageKey) => string {
  const { language } = useI18n();
  return (key) => (language === 'zh' ? zh : en)[key];
}
