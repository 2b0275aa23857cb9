/** Brazilian Portuguese UI text. @module */
import type { WhatsAppSignupStrings } from './en.js';

export const ptBR: WhatsAppSignupStrings = {
  connect: 'Conectar WhatsApp',
  retry: 'Tentar novamente',
  regionLabel: 'Região Sinch',
  storageLabel: 'Armazenamento de dados da Meta',
  storagePlaceholder: 'Escolha um país',
  loading: 'Carregando o Facebook…',
  chooseStorage: 'Escolha um país de armazenamento para continuar.',
  awaitingMeta: 'Continue na janela do Facebook…',
  cancelled: 'Cadastro cancelado. Você pode começar de novo.',
  submitting: 'Configurando seu número…',
  stepSubproject: 'Criando seu projeto na Sinch…',
  stepSender: 'Registrando seu número na Sinch…',
  stepSenderActivation: 'Aguardando o WhatsApp ativar seu número…',
  stepApp: 'Conectando a Conversation API…',
  completed: 'Seu número do WhatsApp está conectado.',
  errorSdkBlocked: 'O Facebook não carregou. Um bloqueador pode estar impedindo.',
  errorPopupBlocked: 'A janela do Facebook foi bloqueada. Permita pop-ups e tente novamente.',
  errorPopupClosed: 'A janela do Facebook fechou antes do fim do cadastro.',
  errorMetaError: 'Erro do Facebook: {message}',
  errorNoPhoneNumber: 'Nenhum número foi adicionado. Comece de novo e adicione um.',
  errorRelayUnreachable: 'O serviço de cadastro está inacessível. Tente novamente.',
  errorRelayRejected: 'O serviço de cadastro recusou: {message}',
  errorOnboardingFailed: 'A configuração falhou: {message}',
  errorTimeout: 'O Facebook não respondeu a tempo. Tente novamente.',
};
