// `npm run oidc:dev`: a local OpenID Connect provider standing in for a provincial 统一身份认证
// platform, so a developer can try residents' OIDC sign-in by hand (README 「统一身份认证（OIDC）」).
// Two test people with fake but check-digit-valid numbers: `resident` (个人) and `enterprise` (法人).
// On its login page type `resident` or `enterprise` as the login, any password. Development only:
// in-memory store, plain http on 127.0.0.1.
//   OIDC_DEV_PORT (default 4000), OIDC_DEV_REDIRECT_URI (default http://localhost:3000/me/sign-in/oidc/callback)
import { startOidcProvider } from '../test/support/oidc-provider.ts';
import { idCardCheckChar, usccCheckChar } from '../src/platform/validate/cn-id.ts';

const port = Number(process.env.OIDC_DEV_PORT ?? 4000);
const redirectUri = process.env.OIDC_DEV_REDIRECT_URI ?? 'http://localhost:3000/me/sign-in/oidc/callback';
const clientId = 'gongkai-dev';
const clientSecret = 'gongkai-dev-secret';
const id17 = '11010519900307123';
const uscc17 = '91110105MA0000001';

const provider = await startOidcProvider({
  clientId, clientSecret, redirectUris: [redirectUri], port,
  people: {
    resident: { name: '测试居民', phone_number: '+8613900000001', phone_number_verified: true, id_card_number: id17 + idCardCheckChar(id17), id_card_type: '111', user_type: 'person' },
    enterprise: { name: '测试法人代表', phone_number: '+8613900000002', phone_number_verified: true, uscc: uscc17 + usccCheckChar(uscc17), org_name: '测试科技有限公司', user_type: 'legal_person' },
  },
});

console.log(`统一身份认证测试平台（OIDC）已启动：${provider.issuer}

用以下设置启动本站（另开一个终端）：

  PUBLIC_OIDC_ISSUER=${provider.issuer} \\
  PUBLIC_OIDC_CLIENT_ID=${clientId} \\
  PUBLIC_OIDC_CLIENT_SECRET=${clientSecret} \\
  PUBLIC_OIDC_REDIRECT_URI=${redirectUri} \\
  PUBLIC_OIDC_SCOPES="openid profile phone cn_identity cn_org" \\
  npm start

然后打开 ${new URL(redirectUri).origin}/me/sign-in/oidc ，在测试平台的登录页输入 resident（个人）或 enterprise（法人），密码任意。
按 Ctrl+C 停止。`);

const stop = (): void => { void provider.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
