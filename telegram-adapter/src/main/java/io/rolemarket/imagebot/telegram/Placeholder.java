package io.rolemarket.imagebot.telegram;

final class Placeholder {}
